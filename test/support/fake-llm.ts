// A fake OpenAI-compatible provider (chat completions). The request's `model` picks the
// behaviour; the answer to a valid call follows from the task the user message names.

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: { type?: string } } };
}

const completion = (content: string) =>
  Response.json({ id: "chatcmpl-fake", object: "chat.completion", created: 0, model: "fake", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }] });

/** What a model would answer to each task Leadedge asks of it. */
function answer(input: { task: string } & Record<string, any>): unknown {
  switch (input.task) {
    case "phrase_recommendations":
      return {
        leads: input.leads.map((lead: { id: string; category: string; factors: { feature: string }[] }) => ({
          id: lead.id,
          recommendations: [`Model: call this ${lead.category} lead about ${lead.factors[0]?.feature ?? "their needs"}`],
        })),
      };
    case "analyse_icp":
      return {
        industries: Object.fromEntries(input.industries.map((i: string) => [i, i === "manufacturing" ? ["metal fabrication"] : []])),
        roles: Object.fromEntries(input.roles.map((r: string) => [r, r === "CTO" ? ["Chief Architect"] : []])),
        interests: {},
        description: `Model: find ${input.count} ${input.roles.join(", ")} leads in ${input.industries.join(", ")}.`,
      };
    case "phrase_match_reasons":
      return { leads: input.leads.map((l: { email: string; title: string; company: string; reasons: string[] }) => ({ email: l.email, summary: `Model: ${l.title} at ${l.company}, ${l.reasons.length} criteria met.` })) };
    default:
      return { error: `the fake has no answer for task ${input.task}` };
  }
}

export async function fakeLlm(request: Request, url: URL): Promise<Response> {
  if (request.headers.get("Authorization") !== "Bearer sk-test") return Response.json({ error: { message: "bad key" } }, { status: 401 });
  if (request.method !== "POST" || !url.pathname.endsWith("/chat/completions")) return new Response("not found", { status: 404 });
  const body = (await request.json()) as ChatRequest;
  // Leadedge asks for structured output: the answer's JSON schema, derived from its zod schema.
  if (body.response_format?.type !== "json_schema" || body.response_format.json_schema?.schema?.type !== "object") {
    return Response.json({ error: { message: "response_format must be a json_schema with an object schema" } }, { status: 400 });
  }
  const input = JSON.parse(body.messages.find((m) => m.role === "user")!.content);
  switch (body.model) {
    case "fake-valid":
      return completion(JSON.stringify(answer(input)));
    case "fake-invalid-then-valid":
      return completion(body.messages.length > 2 ? JSON.stringify(answer(input)) : "Sure! Here are the leads: {leads: [");
    case "fake-always-invalid":
      return completion("I cannot answer in JSON today.");
    case "fake-wrong-shape":
      return completion(JSON.stringify({ unexpected: true }));
    case "fake-500":
      return Response.json({ error: { message: "upstream exploded" } }, { status: 500 });
    case "fake-slow":
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return completion(JSON.stringify(answer(input)));
    default:
      return Response.json({ error: { message: `unknown model ${body.model}` } }, { status: 404 });
  }
}
