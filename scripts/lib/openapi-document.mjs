// The OpenAPI document the Worker serves at /openapi.json, built in Node without starting
// wrangler: esbuild bundles src/app.ts (the same route definitions the Worker mounts) with the
// `cloudflare:*` modules replaced by empty stand-ins, and the app answers one in-memory request.
// About 3 s, against some 15 s for `wrangler dev`; the smoke suite checks the served one too.
import { build } from "esbuild";
import { ROOT } from "./dev-server.mjs";

// Only class declarations and imports reach these at build time: no route touches them to describe itself.
const CLOUDFLARE_STAND_INS = `
export class DurableObject {}
export class WorkflowEntrypoint {}
export const env = {};
export function connect() { throw new Error("no sockets while building the OpenAPI document"); }
`;

/** The served document's text, as `GET /openapi.json` answers it on `origin`. */
export async function openApiDocumentText(origin = "http://127.0.0.1:8787") {
  const bundle = await build({
    stdin: { contents: 'export { buildApp } from "./src/app.ts";', resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "error",
    plugins: [
      {
        name: "cloudflare-stand-ins",
        setup(b) {
          b.onResolve({ filter: /^cloudflare:/ }, (args) => ({ path: args.path, namespace: "cloudflare" }));
          b.onLoad({ filter: /.*/, namespace: "cloudflare" }, () => ({ contents: CLOUDFLARE_STAND_INS, loader: "js" }));
        },
      },
    ],
  });
  const source = `data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`;
  const { buildApp } = await import(source);
  const response = await buildApp().request(`${origin}/openapi.json`, {}, { LOG_LEVEL: "warn" });
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}: ${await response.text()}`);
  return response.text();
}
