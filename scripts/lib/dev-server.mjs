// Starts `wrangler dev` on loopback for the start script, the smoke suite, the OpenAPI lint and the
// benchmarks: migrations applied first, health polled, and a stop() that ends the whole process group.
import { spawn, spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;

export function applyMigrations({ config = "wrangler.toml", persistTo, cwd = ROOT } = {}) {
  const args = ["d1", "migrations", "apply", "DB", "--local", "--config", config];
  if (persistTo) args.push("--persist-to", persistTo);
  const result = spawnSync(WRANGLER, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  if (result.status !== 0) throw new Error(`migrations failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * @param {{ port: number, config?: string, persistTo?: string, vars?: Record<string,string>, cwd?: string, inherit?: boolean, migrate?: boolean, args?: string[] }} options
 */
export async function startDevServer({
  port,
  config = "wrangler.toml",
  persistTo,
  vars = {},
  cwd = ROOT,
  inherit = false,
  migrate = true,
  args: extra = [],
}) {
  if (migrate) applyMigrations({ config, persistTo, cwd });
  const args = [
    "dev",
    "--config",
    config,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--show-interactive-dev-session=false",
    "--log-level",
    inherit ? "info" : "warn",
  ];
  if (persistTo) args.push("--persist-to", persistTo);
  args.push(...extra);
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(WRANGLER, args, {
    cwd,
    detached: true,
    stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"],
    env: { ...process.env },
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, child, stop, output: () => output };
    } catch {}
    await sleep(250);
  }
  stop();
  throw new Error(`wrangler dev did not answer /healthz within 90 s:\n${output}`);
}
