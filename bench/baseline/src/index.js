// Baseline Worker for the benchmark: no framework, no middleware, no dependencies.
//   GET  /healthz -> 200 {"status":"ok"}
//   POST /insert  -> 201 {"id": "...", "at": "..."} after inserting one row into `hits`

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };

function json(body, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz" && request.method === "GET") return json({ status: "ok" });
    if (pathname === "/insert" && request.method === "POST") {
      const id = crypto.randomUUID();
      const at = new Date().toISOString();
      await env.DB.prepare("INSERT INTO hits (id, at) VALUES (?, ?)").bind(id, at).run();
      return json({ id, at }, 201);
    }
    return json({ error: "not_found" }, 404);
  },
};
