import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as routes from "../../../src/api/submission/api-keys/routes";
import { sha256Hex } from "../../../src/platform/crypto";
import { admin, call, createTenant, type ResponseOf } from "../../support/http";

type Created = ResponseOf<typeof routes.createOwnApiKey, 201>;
type Rotated = ResponseOf<typeof routes.rotateOwnApiKey, 201>;

const mint = (key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call<Created & { error?: any }>("/api/v1/api-keys", { key, body, headers });

describe("/api/v1/api-keys", () => {
  afterEach(() => vi.useRealTimers());

  it("creates a key shown once, stored as its hash, that works at once and is listed with its prefix and last use", async () => {
    const t = await createTenant();
    const created = await mint(t.liveKey, { name: "Zapier", scopes: ["leads:read", "leads:write"], expires_at: "2099-01-01T00:00:00Z" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: "Zapier",
      mode: "live",
      scopes: ["leads:read", "leads:write"],
      expires_at: "2099-01-01T00:00:00.000Z",
      allowed_ips: null,
      revoked_at: null,
      rotated_from: null,
      prefix: created.json.key.slice(0, 12),
    });
    expect(created.json.key).toMatch(/^lk_live_[0-9A-Za-z]{32}$/);
    const row = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE id = ?").bind(created.json.id).first<{ key_hash: string }>();
    expect(row!.key_hash).toBe(await sha256Hex(created.json.key));

    expect((await call("/api/v1/leads", { key: created.json.key })).status).toBe(200);
    expect((await call("/api/v1/flows", { key: created.json.key })).status).toBe(403);

    const list = await call<ResponseOf<typeof routes.listOwnApiKeys, 200>>("/api/v1/api-keys", { key: t.liveKey });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(created.json.key);
    const listed = list.json.api_keys.find((k) => k.id === created.json.id);
    expect(listed).toMatchObject({ name: "Zapier", prefix: created.json.prefix });
    expect(listed!.last_used_at).not.toBeNull();
    // Only the caller's mode: the tenant's test key is not in a live key's list.
    expect(list.json.api_keys.map((k) => k.mode)).toEqual(["live", "live"]);
    expect((await call(`/api/v1/api-keys/${created.json.id}`, { key: created.json.key })).status).toBe(403);
  });

  it("lets a key grant only scopes it holds, in its own mode, never outliving it or widening its allowlist", async () => {
    const t = await createTenant();
    const manager = (await mint(t.liveKey, { scopes: ["api-keys:write", "leads:*"], expires_at: "2098-01-01T00:00:00Z" })).json;

    const broader = await mint(manager.key, { scopes: ["flows:write"] });
    expect(broader.status).toBe(403);
    expect(broader.json.error).toMatchObject({ code: "insufficient_scope" });
    expect(broader.json.error.details[0]).toMatchObject({ field: "scopes", code: "exceeds_calling_key" });
    expect((await mint(manager.key, { scopes: ["*"] })).status).toBe(403);
    expect((await mint(manager.key, { scopes: ["api-keys:*"] })).status).toBe(403);
    expect((await mint(manager.key, { mode: "test" })).json.error.details[0].field).toBe("mode");
    expect((await mint(manager.key, { expires_at: "2099-01-01T00:00:00Z" })).json.error.details[0].field).toBe("expires_at");
    expect((await mint(manager.key, { expires_at: "2020-01-01T00:00:00Z" })).status).toBe(400);

    const narrower = await mint(manager.key, { scopes: ["leads:read"] });
    expect(narrower.status).toBe(201);
    // Left out, scopes and expiry are the calling key's own.
    const same = await mint(manager.key, {});
    expect(same.json).toMatchObject({ scopes: ["api-keys:write", "leads:*"], expires_at: "2098-01-01T00:00:00.000Z" });
    // A key without api-keys:write cannot create keys at all.
    expect((await mint(narrower.json.key, { scopes: ["leads:read"] })).status).toBe(403);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM api_keys WHERE tenant_id = ?").bind(t.id).first<{ n: number }>();
    expect(rows!.n).toBe(2 + 3);

    const fenced = (await mint(t.liveKey, { scopes: ["api-keys:write"], allowed_ips: ["203.0.113.0/24"] })).json;
    const from = { "CF-Connecting-IP": "203.0.113.9" };
    expect((await mint(fenced.key, { allowed_ips: ["198.51.100.1"] }, from)).json.error.details[0].field).toBe("allowed_ips");
    expect((await mint(fenced.key, { allowed_ips: ["203.0.113.0/16"] }, from)).status).toBe(403);
    // An empty list would let the new key in from anywhere.
    const unfenced = await mint(fenced.key, { allowed_ips: [] }, from);
    expect(unfenced.status).toBe(403);
    expect(unfenced.json.error.details[0].field).toBe("allowed_ips");
    const inside = await mint(fenced.key, { allowed_ips: ["203.0.113.128/25"] }, from);
    expect(inside.json.allowed_ips).toEqual(["203.0.113.128/25"]);
    expect((await mint(fenced.key, {}, from)).json.allowed_ips).toEqual(["203.0.113.0/24"]);
  });

  it("revokes at once, and a narrow key cannot revoke or rotate a broader one", async () => {
    const t = await createTenant();
    const narrow = (await mint(t.liveKey, { scopes: ["api-keys:write"] })).json;
    const other = (await mint(t.liveKey, { scopes: ["leads:read"] })).json;
    const full = (await call<ResponseOf<typeof routes.listOwnApiKeys, 200>>("/api/v1/api-keys", { key: t.liveKey })).json.api_keys.find(
      (k) => k.scopes.includes("*"),
    )!;
    const denied = await call(`/api/v1/api-keys/${full.id}`, { key: narrow.key, method: "DELETE" });
    expect(denied.status).toBe(403);
    expect((await call(`/api/v1/api-keys/${other.id}/rotate`, { key: narrow.key, method: "POST", body: {} })).status).toBe(403);
    expect((await call("/api/v1/leads", { key: other.key })).status).toBe(200);

    const revoked = await call(`/api/v1/api-keys/${other.id}`, { key: t.liveKey, method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).not.toBeNull();
    expect((await call("/api/v1/leads", { key: other.key })).status).toBe(401);
    const again = await call(`/api/v1/api-keys/${other.id}`, { key: t.liveKey, method: "DELETE" });
    expect(again.json.revoked_at).toBe(revoked.json.revoked_at);
    expect((await call(`/api/v1/api-keys/${other.id}/rotate`, { key: t.liveKey, method: "POST", body: {} })).status).toBe(409);
  });

  it("rotates: both keys work during the overlap, then only the new one", async () => {
    const t = await createTenant();
    const old = (await mint(t.liveKey, { name: "CRM", scopes: ["leads:read"], allowed_ips: ["203.0.113.7"] })).json;
    const from = { "CF-Connecting-IP": "203.0.113.7" };
    const rotated = await call<Rotated>(`/api/v1/api-keys/${old.id}/rotate`, {
      key: t.liveKey,
      method: "POST",
      body: { overlap_seconds: 3600 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.json).toMatchObject({
      name: "CRM",
      scopes: ["leads:read"],
      allowed_ips: ["203.0.113.7"],
      expires_at: null,
      rotated_from: old.id,
      previous: { id: old.id, revoked_at: null },
    });
    expect(rotated.json.key).not.toBe(old.key);
    const overlapEnds = Date.parse(rotated.json.previous.expires_at!);
    expect(overlapEnds - Date.parse(rotated.json.created_at)).toBe(3_600_000);
    expect((await call("/api/v1/leads", { key: old.key, headers: from })).status).toBe(200);
    expect((await call("/api/v1/leads", { key: rotated.json.key, headers: from })).status).toBe(200);

    // The overlap over (the clock past the old key's new expiry), the old key stops and the new one works.
    vi.useFakeTimers({ toFake: ["Date"], now: overlapEnds + 1000 });
    expect((await call("/api/v1/leads", { key: old.key, headers: from })).status).toBe(401);
    expect((await call("/api/v1/leads", { key: rotated.json.key, headers: from })).status).toBe(200);

    // overlap_seconds 0 ends the old key at once; the default is one day.
    const zero = await call<Rotated>(`/api/v1/api-keys/${rotated.json.id}/rotate`, {
      key: t.liveKey,
      method: "POST",
      body: { overlap_seconds: 0 },
    });
    expect((await call("/api/v1/leads", { key: rotated.json.key, headers: from })).status).toBe(401);
    const byDefault = await call<Rotated>(`/api/v1/api-keys/${zero.json.id}/rotate`, { key: t.liveKey, method: "POST" });
    expect(byDefault.status).toBe(201);
    expect(Date.parse(byDefault.json.previous.expires_at!) - Date.parse(byDefault.json.created_at)).toBe(86_400_000);
    expect(
      (await call(`/api/v1/api-keys/${old.id}/rotate`, { key: t.liveKey, method: "POST", body: { overlap_seconds: -1 } })).status,
    ).toBe(400);
  });

  it("never replays one key's answer to another key sending the same Idempotency-Key: that key meets its own ceiling", async () => {
    const t = await createTenant();
    const body = { name: "Broad", scopes: ["*"] };
    const headers = { "Idempotency-Key": "k1" };
    const first = await mint(t.liveKey, body, headers);
    expect(first.status).toBe(201);
    const narrow = await admin(`/admin/tenants/${t.id}/api-keys`, { body: { mode: "live", scopes: ["api-keys:write"] } });
    const other = await mint(narrow.json.key, body, headers);
    expect(other.status).toBe(403);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();
    expect(other.text).not.toContain(first.json.key);
    expect(other.json.error.details[0]).toMatchObject({ field: "scopes", code: "exceeds_calling_key" });
    // The first key's own retry still replays its answer.
    const retry = await mint(t.liveKey, body, headers);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.text).toBe(first.text);
  });

  it("refuses a rotation whose new key would outlive the calling key or allow addresses it may not", async () => {
    const t = await createTenant();
    const rotate = (key: string, id: string) => call(`/api/v1/api-keys/${id}/rotate`, { key, method: "POST", body: {} });
    const forever = (await mint(t.liveKey, { scopes: ["leads:read"] })).json;
    const anywhere = (await mint(t.liveKey, { scopes: ["leads:read"], expires_at: "2090-01-01T00:00:00Z" })).json;
    const wide = (await mint(t.liveKey, { scopes: ["leads:read"], expires_at: "2090-01-01T00:00:00Z", allowed_ips: ["198.51.100.0/24"] }))
      .json;
    const within = (await mint(t.liveKey, { scopes: ["leads:read"], expires_at: "2090-01-01T00:00:00Z", allowed_ips: ["203.0.113.9"] }))
      .json;
    const manager = (
      await mint(t.liveKey, {
        scopes: ["api-keys:write", "leads:read"],
        expires_at: "2095-01-01T00:00:00Z",
        allowed_ips: ["203.0.113.0/24"],
      })
    ).json;
    const from = { "CF-Connecting-IP": "203.0.113.5" };
    const as = (id: string) => call(`/api/v1/api-keys/${id}/rotate`, { key: manager.key, method: "POST", body: {}, headers: from });

    const outlives = await as(forever.id);
    expect(outlives.status).toBe(403);
    expect(outlives.json.error.details[0]).toMatchObject({ field: "expires_at", code: "exceeds_calling_key" });
    for (const key of [anywhere, wide]) {
      const widens = await as(key.id);
      expect(widens.status).toBe(403);
      expect(widens.json.error.details[0]).toMatchObject({ field: "allowed_ips", code: "exceeds_calling_key" });
    }
    const allowed = await as(within.id);
    expect(allowed.status).toBe(201);
    expect(allowed.json).toMatchObject({ expires_at: "2090-01-01T00:00:00.000Z", allowed_ips: ["203.0.113.9"] });
    // The tenant's first key, with no expiry and no allowlist, still rotates any of them.
    expect((await rotate(t.liveKey, forever.id)).status).toBe(201);
  });

  it("answers 404 for another tenant's key and for the same tenant's key of the other mode", async () => {
    const owner = await createTenant();
    const intruder = await createTenant();
    const key = (await mint(owner.liveKey, { scopes: ["leads:read"] })).json;
    for (const caller of [intruder.liveKey, owner.testKey]) {
      expect((await call(`/api/v1/api-keys/${key.id}`, { key: caller })).status).toBe(404);
      expect((await call(`/api/v1/api-keys/${key.id}`, { key: caller, method: "DELETE" })).status).toBe(404);
      expect((await call(`/api/v1/api-keys/${key.id}/rotate`, { key: caller, method: "POST", body: {} })).status).toBe(404);
    }
    expect((await call("/api/v1/leads", { key: key.key })).status).toBe(200);
    // Operator keys and tenant-made keys are one list.
    const operatorView = await admin(`/admin/tenants/${owner.id}/api-keys`);
    expect(operatorView.json.api_keys.map((k: { id: string }) => k.id)).toContain(key.id);
  });
});
