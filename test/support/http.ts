import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { RouteConfig, z } from "@hono/zod-openapi";
import type * as flowRoutes from "../../src/api/submission/flows/routes";
import worker from "../../src/index";
import { checkContract } from "./openapi-contract";

export const ADMIN_TOKEN = "test-admin-token";
const ORIGIN = "http://leadedge.test";

export interface CallOptions {
  method?: string;
  key?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * The JSON body a route answers with `status`, as the route's schema declares it: pass it to `call`
 * (`call<ResponseOf<typeof routes.getLead, 200>>(…)`) where a test reads a successful answer.
 */
export type ResponseOf<R extends RouteConfig, S extends keyof R["responses"]> = R["responses"][S] extends {
  content: { "application/json": { schema: infer T extends z.ZodType } };
}
  ? z.output<T>
  : never;

export interface Answer<T> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** One request through the Worker's real fetch handler; `T` types the JSON body (untyped by default). */
export async function call<T = any>(path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("Authorization", `Bearer ${options.key}`);
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const method = options.method ?? (body ? "POST" : "GET");
  const response = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: "manual" }));
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  await checkContract(method, `${ORIGIN}${path}`, response.status, response.headers.get("Content-Type"), json);
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A POST through the Worker with some bindings replaced (a failing queue, say), waiting for its
 * background work. Not contract-checked: the faults it injects may end in a 500.
 */
export async function fetchWith(bindings: Partial<Env>, path: string, key: string, body: unknown) {
  const execution = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await worker.fetch!(request as Request<unknown, IncomingRequestCfProperties>, { ...env, ...bindings }, execution);
  await waitOnExecutionContext(execution);
  return { status: response.status, json: (await response.json()) as any };
}

export function admin(path: string, options: Omit<CallOptions, "key"> = {}) {
  return call(path, { ...options, key: ADMIN_TOKEN });
}

export interface TestTenant {
  id: string;
  slug: string;
  plan: string;
  liveKey: string;
  testKey: string;
}

let counter = 0;

/** A fresh tenant per test, created through the admin API, so tests never share quota or rows. */
export async function createTenant(plan: "starter" | "growth" | "enterprise" = "growth", name?: string): Promise<TestTenant> {
  counter += 1;
  const res = await admin("/admin/tenants", { body: { name: name ?? `Tenant ${counter} ${crypto.randomUUID().slice(0, 8)}`, plan } });
  if (res.status !== 201) throw new Error(`tenant creation failed: ${res.status} ${res.text}`);
  return { id: res.json.id, slug: res.json.slug, plan, liveKey: res.json.api_key, testKey: res.json.test_api_key };
}

/** A flow created through the API; `body` defaults to a minimal one. */
export async function createFlow(key: string, body: Record<string, unknown> = { name: "Test flow" }) {
  const res = await call<ResponseOf<typeof flowRoutes.createFlow, 201>>("/api/v1/flows", { key, body });
  if (res.status !== 201) throw new Error(`flow creation failed: ${res.status} ${res.text}`);
  return res.json;
}
