import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { unreachableQueue } from "../support/faults";
import { admin, call, createTenant, fetchWith } from "../support/http";

// API keys exist in plaintext only in the answer that issues them and in the caller's headers:
// every table of D1 and every line the Worker logs is scanned for them.

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;

async function everyRowAsText(): Promise<Record<string, string>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const dump: Record<string, string> = {};
  for (const { name } of tables.results) dump[name] = JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results);
  return dump;
}

describe("API keys in storage and logs", () => {
  it("are never written to a D1 row or a log line in plaintext, through use, misuse, revocation and failure", async () => {
    const lines: string[] = [];
    const spies = CONSOLE_METHODS.map((method) =>
      vi
        .spyOn(console, method)
        .mockImplementation(
          (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
        ),
    );
    let keys: string[] = [];
    try {
      const t = await createTenant("growth");
      const issued = (await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["leads:read"] } })).json;
      keys = [t.liveKey, t.testKey, issued.key];

      expect((await call("/api/v1/account", { key: t.liveKey })).status).toBe(200);
      expect(
        (
          await call("/v1/sites", {
            key: t.testKey,
            body: { name: "Keyed", url: "https://keyed.example" },
            headers: { "Idempotency-Key": "scan-1" },
          })
        ).status,
      ).toBe(201);
      expect((await call("/api/v1/account", { key: `${t.liveKey}x` })).status).toBe(401);
      expect((await call("/api/v1/account", { headers: { Authorization: `Basic ${btoa(`user:${t.liveKey}`)}` } })).status).toBe(401);
      expect((await call("/v1/sites", { key: issued.key, body: { name: "No scope", url: "https://x.example" } })).status).toBe(403);
      expect((await admin(`/admin/api-keys/${issued.id}`, { method: "DELETE" })).status).toBe(200);
      expect((await call("/api/v1/account", { key: issued.key })).status).toBe(401);
      // A request that fails inside the Worker is logged with its stack.
      expect(
        (
          await fetchWith({ JOBS: unreachableQueue as unknown as Queue }, "/v1/leads/batch", t.liveKey, {
            leads: [{ email: "a@b.example" }],
            async: true,
          })
        ).status,
      ).toBe(500);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    expect(lines.some((line) => line.includes("queue unavailable"))).toBe(true);
    for (const key of keys) expect(lines.filter((line) => line.includes(key))).toEqual([]);

    const dump = await everyRowAsText();
    expect(dump.api_keys).toContain(keys[0]!.slice(0, 12));
    for (const [table, text] of Object.entries(dump))
      for (const key of keys) expect(text.includes(key), `${table} holds an API key in plaintext`).toBe(false);
  });
});
