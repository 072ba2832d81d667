import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { familyOf } from "../../src/platform/families";
import { everything, type Ids } from "../support/every-resource";
import { HOSTILE_STRINGS, hostileValue, MALFORMED_JSON, mutate, requiredOf, valueFor } from "../support/fuzz-inputs";
import { ADMIN_TOKEN, admin, call, createTenant } from "../support/http";
import { MULTIPART_DAMAGE, multipartBody } from "../support/multipart";

// Spec-driven fuzzing: every operation in /openapi.json gets generated requests, valid and not
// (wrong types, missing fields, huge and unicode strings, deep nesting, SQL and CEL injection,
// edge numbers, malformed JSON, wrong content types, odd headers and path ids). The seed is fixed
// and the runs per operation bounded, so a failure replays. The properties: never a 5xx; every
// answer is one the document declares, with the declared body (call() checks that); every 4xx
// is in its path family's error dialect, and a 400 names the field it is about.

const SEED = 20_261_123;
const RUNS = 25;
const ORIGIN = "http://leadedge.test";

const doc = (await (await exports.default.fetch(new Request(`${ORIGIN}/openapi.json`))).json()) as {
  paths: Record<string, Record<string, any>>;
};

interface Operation {
  method: string;
  template: string;
  operation: any;
}

// Deletes run last, so the other operations meet the fixture's resources while they exist.
const operations: Operation[] = Object.entries(doc.paths)
  .flatMap(([template, ops]) => Object.entries(ops).map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })))
  .sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));

interface FuzzRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** A required property left out of an otherwise valid body: a 400 about the body must name it. */
  missing?: string;
}

type Body = { body?: string; type?: string; missing?: string };

const printable = (s: string) => /^[\x20-\x7E]*$/.test(s);
const inUrl = HOSTILE_STRINGS.filter((s) => s.length < 2_000);
// Just over the 1 MiB API body limit.
const OVERSIZED = JSON.stringify({ padding: "x".repeat(1_100_000) });
const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

function pathValue(valid: string | undefined): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    fc.constantFrom(...inUrl),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
    fc.constantFrom("lead_00000000000000000000000000", "0", "-1", "null"),
  );
  return (valid ? fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 2, arbitrary: hostile }) : hostile).map((v) =>
    v === "" ? "x" : v.toWellFormed(),
  );
}

function queryValue(schema: any): fc.Arbitrary<string | undefined> {
  return fc.option(
    fc.oneof(
      valueFor(schema ?? {}, doc).map(asText),
      fc.constantFrom(...inUrl),
      fc.constantFrom(...["-5", "0", "1e9", "abc", "2.5", "99999999999999999999"]),
    ),
    { nil: undefined, freq: 2 },
  );
}

/** The body, and the Content-Type it is sent with, for one operation. */
function bodyFor(op: Operation): fc.Arbitrary<Body> {
  const content = op.operation.requestBody?.content ?? {};
  const jsonSchema = content["application/json"]?.schema;
  const valid = jsonSchema ? valueFor(jsonSchema, doc) : fc.constant({});
  const json = (value: unknown) => ({ body: JSON.stringify(value), type: "application/json" });
  const kinds: fc.WeightedArbitrary<Body>[] = [
    { weight: 4, arbitrary: valid.map(json) },
    { weight: 3, arbitrary: fc.tuple(valid, fc.nat(), hostileValue).map(([v, pick, bad]) => json(mutate(v, pick, bad, false))) },
    { weight: 2, arbitrary: fc.tuple(valid, fc.nat()).map(([v, pick]) => json(mutate(v, pick, undefined, true))) },
    { weight: 1, arbitrary: hostileValue.map(json) },
    { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((body) => ({ body, type: "application/json" })) },
    { weight: 1, arbitrary: fc.constant({ body: OVERSIZED, type: "application/json" }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom(
            "text/plain",
            "application/xml",
            "application/json; charset=latin1",
            "multipart/form-data; boundary=x",
            undefined,
          ),
        )
        .map(([v, type]) => ({ body: JSON.stringify(v), type })),
    },
  ];
  if (content["text/csv"])
    kinds.push({
      weight: 2,
      arbitrary: fc
        .array(fc.array(fc.oneof(fc.constantFrom(...inUrl), fc.string()), { minLength: 1, maxLength: 6 }), { maxLength: 20 })
        .map((rows) => ({
          body: ["company,domain,email,title", ...rows.map((r) => r.map((c) => JSON.stringify(c)).join(","))].join("\n"),
          type: "text/csv",
        })),
    });
  const required = jsonSchema ? requiredOf(jsonSchema, doc) : [];
  if (required.length > 0) {
    kinds.push({
      weight: 2,
      arbitrary: fc.tuple(valid, fc.constantFrom(...required)).map(([v, missing]) => {
        const { [missing]: _, ...rest } = v as Record<string, unknown>;
        return { ...json(rest), missing };
      }),
    });
  }
  const formFields = fc.dictionary(
    fc.oneof(fc.constantFrom("email", "first_name", "phone", "website", "_gotcha", "cf-turnstile-response"), fc.string()),
    fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.emailAddress()),
  );
  if (content["application/x-www-form-urlencoded"])
    kinds.push({
      weight: 3,
      arbitrary: formFields.map((fields) => ({ body: new URLSearchParams(fields).toString(), type: "application/x-www-form-urlencoded" })),
    });
  if (content["multipart/form-data"])
    kinds.push({
      weight: 3,
      arbitrary: fc.tuple(formFields, fc.constantFrom(...MULTIPART_DAMAGE)).map(([fields, damage]) => multipartBody(fields, damage)),
    });
  if (op.method === "GET" || op.method === "OPTIONS") return fc.constant({});
  if (!op.operation.requestBody) kinds.unshift({ weight: 6, arbitrary: fc.constant({}) });
  return fc.oneof(...kinds);
}

function headersFor(op: Operation, key: string): fc.Arbitrary<Record<string, string>> {
  const admin = (op.operation.security ?? []).some((s: object) => "adminToken" in s);
  const credential = admin ? ADMIN_TOKEN : key;
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(`Bearer ${credential}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "Bearer",
        "Bearer ",
        `Basic ${btoa("a:b")}`,
        `Bearer ${credential}x`,
        `bearer ${credential}`,
        "Bearer le_live_' OR 1=1 --",
      ),
    },
  );
  const idempotency = fc.option(fc.oneof(fc.uuid(), fc.constantFrom(...inUrl.filter(printable)), fc.constant("k".repeat(300))), {
    nil: undefined,
    freq: 3,
  });
  const odd = fc.option(fc.oneof(fc.constantFrom(...inUrl.filter(printable)), fc.string({ maxLength: 20 }).filter(printable)), {
    nil: undefined,
    freq: 4,
  });
  return fc
    .record({
      authorization,
      idempotency,
      origin: fc.option(fc.constantFrom("https://evil.example", "null", "https://landing.example"), { nil: undefined, freq: 3 }),
      bookmark: odd,
      requestId: odd,
      accept: fc.option(fc.constantFrom("text/html", "application/xml", "*/*", "application/json;q=0"), { nil: undefined, freq: 4 }),
    })
    .map(({ authorization, idempotency, origin, bookmark, requestId, accept }) => {
      const headers: Record<string, string> = {};
      if (authorization) headers.Authorization = authorization;
      if (idempotency !== undefined) headers["Idempotency-Key"] = idempotency;
      if (origin) headers.Origin = origin;
      if (bookmark !== undefined) headers["X-D1-Bookmark"] = bookmark;
      if (requestId !== undefined) headers["X-Request-Id"] = requestId;
      if (accept) headers.Accept = accept;
      return headers;
    });
}

function requestFor(op: Operation, ids: (name: string) => string | undefined, key: string): fc.Arbitrary<FuzzRequest> {
  const pathParams = (op.operation.parameters ?? []).filter((p: any) => p.in === "path");
  const queryParams = (op.operation.parameters ?? []).filter((p: any) => p.in === "query");
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p: any) => pathValue(ids(p.name)))),
      query: fc.tuple(...queryParams.map((p: any) => queryValue(p.schema))),
      extra: fc.option(fc.tuple(fc.constantFrom("page", "limit", "cursor", "filter", "__proto__", "x"), fc.constantFrom(...inUrl)), {
        nil: undefined,
        freq: 4,
      }),
      body: bodyFor(op),
      headers: headersFor(op, key),
    })
    .map(({ path, query, extra, body, headers }) => {
      let url = op.template;
      pathParams.forEach((p: any, i: number) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(path[i] as string));
      });
      const search = new URLSearchParams();
      queryParams.forEach((p: any, i: number) => {
        if (query[i] !== undefined) search.append(p.name, query[i] as string);
      });
      if (extra) search.append(extra[0], extra[1]);
      const qs = search.toString();
      if (body.type) headers["Content-Type"] = body.type;
      return {
        path: qs ? `${url}?${qs}` : url,
        method: op.method,
        headers,
        body: body.body,
        ...(body.missing ? { missing: body.missing } : {}),
      };
    });
}

/** The field a 4xx must name: whichever one it is about for a 400, the body or its type for 413 and 415. */
const NAMED_FIELD: Record<number, unknown> = { 400: expect.any(String), 413: "body", 415: "Content-Type" };

/** The 4xx body is in the family's dialect, and names the field it is about where there is one. */
function expectDialect(path: string, status: number, json: any, requestId: string | null) {
  const family = familyOf(new URL(path, ORIGIN).pathname);
  const field = NAMED_FIELD[status];
  switch (family) {
    case "scoring":
      expect(Object.keys(json)).toEqual(["status", "error"]);
      expect(json).toMatchObject({ status: "error", error: { code: expect.any(String), message: expect.any(String) } });
      if (field) expect(json.error.details?.field).toEqual(field);
      break;
    case "generation":
    case "agents":
      expect(Object.keys(json)).toEqual(["success", "error"]);
      expect(json).toMatchObject({ success: false, error: { code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) } });
      if (field) expect(json.error.details?.field).toEqual(field);
      break;
    default:
      expect(json).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array), request_id: requestId },
      });
      if (field) expect(json.error.details[0]?.field).toEqual(field);
  }
}

/** Every field a 4xx names, whatever its dialect. */
function namedFields(json: any): string[] {
  const details = json?.error?.details;
  if (Array.isArray(details)) return details.map((d: any) => d.field);
  if (!details) return [];
  return [details.field, ...(details.errors ?? []).map((e: any) => e.field)];
}

/**
 * A body missing a required property, refused with 400, names that property, unless the 400 is
 * about something read before the body (a header, the path or the query).
 */
function expectMissingNamed(op: Operation, missing: string, json: any) {
  const fields = namedFields(json);
  const beforeBody = new Set([
    ...(op.operation.parameters ?? []).map((p: any) => p.name),
    "Idempotency-Key",
    "X-D1-Bookmark",
    "X-Request-Id",
    "Content-Type",
    "Authorization",
  ]);
  if (fields.every((f) => beforeBody.has(f))) return;
  expect(
    fields.some((f) => f === missing || f.startsWith(`${missing}.`) || f.startsWith(`${missing}[`)),
    `${op.method} ${op.template} without ${missing} named ${JSON.stringify(fields)}`,
  ).toBe(true);
}

describe("spec-driven fuzzing of every operation in /openapi.json", () => {
  const introspectors: { [Symbol.asyncDispose](): Promise<void> }[] = [];
  let key = "";
  let lookup: (template: string, name: string) => string | undefined = () => undefined;

  beforeAll(async () => {
    for (const workflow of [env.LEAD_GENERATION, env.LEAD_DELIVERY, env.WEBHOOK_DELIVERY, env.MODEL_TRAINING]) {
      const introspector = await introspectWorkflow(workflow);
      await introspector.modifyAll(async (m) => {
        await m.disableSleeps();
        await m.disableRetryDelays();
      });
      introspectors.push(introspector);
    }
    const tenant = await createTenant("enterprise");
    key = tenant.liveKey;
    const fixture = await everything(tenant);
    // The admin operations work on a tenant of their own, which they may suspend or strip of keys.
    const target = await createTenant("growth");
    const apiKey = (await admin(`/admin/tenants/${target.id}/api-keys`)).json.api_keys[0].id as string;
    const page = await call("/v1/landing-pages", { key, body: { name: "Fuzzed page", slug: "fuzzed" } });
    await call(`/v1/landing-pages/${page.json.data.id}/publish`, { key, method: "POST" });
    const extra: Ids = { tenant_slug: tenant.slug, slug: "fuzzed" };
    lookup = (template, name) => {
      if (template.startsWith("/admin/")) return template.startsWith("/admin/api-keys") ? apiKey : target.id;
      return fixture.byPath[template]?.[name] ?? fixture.ids[name] ?? extra[name];
    };
  });

  afterAll(async () => {
    for (const introspector of introspectors) await introspector[Symbol.asyncDispose]();
  });

  it("covers every documented operation", () => {
    expect(operations.length).toBeGreaterThan(120);
  });

  operations.forEach((op, index) => {
    it(`${op.method} ${op.template}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          requestFor(op, (name) => lookup(op.template, name), key),
          async (request) => {
            const res = await call(request.path, {
              method: request.method,
              headers: request.headers,
              ...(request.body !== undefined ? { rawBody: request.body } : {}),
            });
            expect(res.status, `${request.method} ${request.path} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
            if (res.status >= 400 && res.json !== undefined)
              expectDialect(request.path, res.status, res.json, res.headers.get("X-Request-Id"));
            if (request.missing && res.status === 400) expectMissingNamed(op, request.missing, res.json);
          },
        ),
        // A seed per operation, so generated Idempotency-Keys do not collide across operations.
        { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
      );
    });
  });
});
