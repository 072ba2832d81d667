import { and, eq, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { idempotencyKeys } from "../db/schema";
import type { AppEnv } from "./app-env";
import { configOf } from "./config";
import { sha256Hex } from "./crypto";
import { ApiError } from "./errors";
import { errorFields, log } from "./log";
import { requestLogFields } from "./request-id";
import { open, seal } from "./secret-box";

export const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * The longest a request can hold its key: Workers allow an invocation at most 5 minutes of CPU (the
 * highest `limits.cpu_ms`), and D1 ends a query after 30 s. An in-flight key older than this belongs
 * to a request whose isolate died before its `finally` could release the key, so a retry takes it over.
 */
export const IN_FLIGHT_MAX_MS = 5 * 60_000;
const MAX_KEY_LENGTH = 255;

// Headers that describe this one exchange, not the stored answer: a replay gets fresh ones.
const PER_REQUEST_HEADERS = /^(x-request-id|x-ratelimit-|ratelimit|retry-after|x-d1-bookmark)/i;

// Stored answers are sealed (AES-GCM, a key derived from EMAIL_SECRET for this purpose): a create
// answer may carry a secret shown once (a webhook endpoint's), which must not sit readable in D1.
const SEAL_PURPOSE = "idempotency-answer";

// Through c.body, so the headers this exchange set before (X-Request-Id, X-RateLimit-*) are kept.
function replay(c: Context<AppEnv>, row: typeof idempotencyKeys.$inferSelect, body: string): Response {
  const headers = new Headers(row.responseHeaders ?? []);
  headers.set("Idempotent-Replayed", "true");
  return c.body(body, (row.responseStatus ?? 200) as 200, Object.fromEntries(headers));
}

/** The stored answer's body, or null when it cannot be opened (no key, another key, or not sealed). */
async function openedBody(secret: string, row: typeof idempotencyKeys.$inferSelect): Promise<string | null> {
  if (row.state !== "completed" || row.responseBody === null) return null;
  return open(secret, SEAL_PURPOSE, row.responseBody);
}

/**
 * Idempotency-Key on POST (IETF httpapi-idempotency-key draft): the first request with a key runs;
 * repeating it with the same body within 24 h replays the stored answer byte for byte; the same key
 * with another request is 422; a repeat while the first still runs is 409. Keys are scoped to the
 * tenant, to live or test mode and to the API key that sent them: another key's request with the
 * same Idempotency-Key is its own request, so it meets its own scopes and ceilings. A 5xx answer, or
 * one that could not be stored, is not kept and the key is released, so a retry runs again; a key
 * still in flight after IN_FLIGHT_MAX_MS was left by a request that died, and a retry takes it. Answers
 * are kept sealed with EMAIL_SECRET; one that cannot be opened (the secret changed) counts as
 * expired, and without EMAIL_SECRET (a misconfigured production) a request with a key is a 503.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header("Idempotency-Key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw ApiError.invalidField("Idempotency-Key", "invalid_length", `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  const { tenant, testMode, apiKey } = c.var.caller;
  const url = new URL(c.req.url);
  const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`);
  const now = new Date();
  const where = and(
    eq(idempotencyKeys.tenantId, tenant.id),
    eq(idempotencyKeys.testMode, testMode),
    eq(idempotencyKeys.apiKeyId, apiKey.id),
    eq(idempotencyKeys.key, key),
  );
  const claim = {
    fingerprint,
    state: "in_flight" as const,
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString(),
  };
  const db = c.var.db;
  const sealKey = configOf(c.env).email.secret;
  // Answers are kept sealed under EMAIL_SECRET. Without it no answer could be replayed, and a retry
  // would run the request again: refused, rather than a promise the deployment cannot keep.
  if (!sealKey) {
    const message = "this deployment has no EMAIL_SECRET to keep answers with, so a retry would run the request again";
    throw new ApiError("service_unavailable", `Idempotency-Key cannot be honoured: ${message}`, [
      { field: "Idempotency-Key", code: "not_configured", message },
    ]);
  }

  const abandonedBefore = new Date(now.getTime() - IN_FLIGHT_MAX_MS).toISOString();
  let claimed =
    (
      await db
        .insert(idempotencyKeys)
        .values({ tenantId: tenant.id, testMode, apiKeyId: apiKey.id, key, ...claim })
        .onConflictDoNothing()
        .returning()
    ).length === 1;
  if (!claimed) {
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    const same = existing?.fingerprint === fingerprint;
    const body = existing && same ? await openedBody(sealKey, existing) : null;
    const unreadable = existing?.state === "completed" && same && body === null;
    const abandoned = existing?.state === "in_flight" && existing.createdAt <= abandonedBefore;
    if (existing && (existing.expiresAt <= claim.createdAt || unreadable || abandoned)) {
      // An expired or abandoned key starts over; comparing the row's claim lets one racing request take it.
      const taken = await db
        .update(idempotencyKeys)
        .set(claim)
        .where(and(where, eq(idempotencyKeys.createdAt, existing.createdAt), eq(idempotencyKeys.state, existing.state)))
        .returning();
      claimed = taken.length === 1;
    } else if (existing && !same) {
      const message = "This Idempotency-Key was already used with a different request";
      throw new ApiError("idempotency_key_mismatch", message, [{ field: "Idempotency-Key", code: "key_reused", message }]);
    } else if (existing && body !== null) {
      return replay(c, existing, body);
    }
    if (!claimed) throw new ApiError("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; retry later");
  }

  // Hono's compose turns a thrown error into c.res through onError, so next() returns either way. An
  // answer that is not stored releases the key, so a retry runs again rather than waiting out the
  // abandoned-claim bound. Both touch only this request's claim, never one that took the key over.
  const ours = and(where, eq(idempotencyKeys.createdAt, claim.createdAt));
  let stored = false;
  try {
    await next();
    if (c.res.status < 500) stored = await store(c, sealKey, ours);
  } finally {
    if (!stored) await db.delete(idempotencyKeys).where(ours);
  }
});

/** Keeps the answer for replay; false when it could not be (the client still gets it). */
async function store(c: Context<AppEnv>, sealKey: string, where: SQL | undefined): Promise<boolean> {
  const response = c.res;
  try {
    const headers = [...response.headers].filter(([name]) => !PER_REQUEST_HEADERS.test(name));
    const body = await seal(sealKey, SEAL_PURPOSE, await response.clone().text());
    await c.var.db
      .update(idempotencyKeys)
      .set({ state: "completed", responseStatus: response.status, responseHeaders: headers, responseBody: body })
      .where(where);
    return true;
  } catch (error) {
    // The request's writes may have committed, so its answer stands; only the replay is lost.
    log("error", "idempotent answer not stored", { ...requestLogFields(c), ...errorFields(error) }, configOf(c.env).logLevel);
    return false;
  }
}
