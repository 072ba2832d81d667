// The main Worker under `wrangler dev` on loopback, with fresh state and one enterprise tenant
// made through the admin API: where the analyze, intake, lead-generation and playground
// benchmarks start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";

const ADMIN_TOKEN = "bench-admin-token";

/**
 * Runs `work({ url, apiKey })` against the main Worker on `port` (`args`: more `wrangler dev`
 * arguments, `vars`: more variables); stops it and removes its state after.
 */
export async function withBenchTenant(port, work, { args = [], vars = {} } = {}) {
  const state = mkdtempSync(join(tmpdir(), "leadedge-bench-"));
  const server = await startDevServer({ port, persistTo: state, vars: { ADMIN_TOKEN, ...vars }, args });
  try {
    const res = await fetch(`${server.url}/admin/tenants`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: "Bench", plan: "enterprise" }),
    });
    if (res.status !== 201) throw new Error(`POST /admin/tenants answered ${res.status}: ${await res.text()}`);
    return await work({ url: server.url, apiKey: (await res.json()).api_key });
  } finally {
    server.stop();
    rmSync(state, { recursive: true, force: true });
  }
}
