// `npm run lint:openapi`: serves the Worker locally and lints the OpenAPI document it generates.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startDevServer } from "./lib/dev-server.mjs";

const state = mkdtempSync(join(tmpdir(), "leadedge-lint-"));
const server = await startDevServer({ port: 8798, persistTo: state, migrate: false });
let status = 1;
try {
  const file = join(state, "openapi.json");
  writeFileSync(file, await (await fetch(`${server.url}/openapi.json`)).text());
  status =
    spawnSync(join(ROOT, "node_modules/.bin/redocly"), ["lint", "--config", join(ROOT, "redocly.yaml"), file], {
      stdio: "inherit",
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    }).status ?? 1;
} finally {
  server.stop();
  rmSync(state, { recursive: true, force: true });
}
process.exit(status);
