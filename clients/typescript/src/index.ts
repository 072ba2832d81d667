// @leadedge/client: a typed client for the Leadedge API. Every path, parameter and body is typed
// from the OpenAPI document the API serves (src/openapi.ts, generated), calls go through
// openapi-fetch, and the few things a user would otherwise write by hand are here: an
// Idempotency-Key on every POST, retries that honour Retry-After, list iterators and webhook checks.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./openapi.js";
import { paginateOffset, paginatePages } from "./pagination.js";
import { type RequestFetch, type RetryOptions, retryingFetch } from "./retry.js";

export type { components, operations, paths } from "./openapi.js";
export { all, paginateOffset, paginatePages } from "./pagination.js";
export { type RequestFetch, type RetryOptions, retryAfterMs, retryingFetch } from "./retry.js";
export * from "./webhooks.js";

export interface LeadedgeOptions {
  /** A tenant API key, `lk_live_…` or `lk_test_…`. */
  apiKey: string;
  /** Where the API is (default http://127.0.0.1:8787, what `npm start` serves). */
  baseUrl?: string;
  /** Sent as X-Tenant-Id, which the generation & config seed's clients send; it must name the key's tenant. */
  tenantId?: string;
  /** Retries of 429 and 503 answers (default: 3, waiting as Retry-After says, at most 30 s a wait); false turns them off. */
  retry?: RetryOptions | false;
  /** Idempotency-Key on every POST that does not carry one (default true); the key is kept across retries. */
  idempotencyKeys?: boolean;
  /** The fetch to call (default globalThis.fetch). */
  fetch?: RequestFetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** An answer that was not 2xx, as `unwrap` and the list iterators throw it. */
export class LeadedgeError extends Error {
  override name = "LeadedgeError";
  constructor(
    readonly status: number,
    /** The error body in its family's dialect. */
    readonly body: unknown,
    /** The X-Request-Id to quote to support. */
    readonly requestId: string | null,
  ) {
    super(`Leadedge answered ${status}${requestId ? ` (request ${requestId})` : ""}: ${JSON.stringify(body)}`);
  }
}

/** The body of a 2xx answer, or a LeadedgeError: `const flow = await unwrap(leadedge.POST("/api/v1/flows", { body }))`. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw new LeadedgeError(response.status, error, response.headers.get("X-Request-Id"));
  return data;
}

/** An Idempotency-Key on each POST that has none, so a retried create is never written twice. */
const idempotencyKeys: Middleware = {
  onRequest({ request }) {
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) request.headers.set("Idempotency-Key", crypto.randomUUID());
    return request;
  },
};

type Get<P extends keyof paths> = paths[P] extends { get: infer O } ? O : never;
/** A list operation's query without its paging parameters, which the iterator sets. */
type ListQuery<P extends keyof paths> =
  Get<P> extends { parameters: { query?: infer Q } } ? Omit<NonNullable<Q>, "limit" | "offset" | "page" | "per_page"> : never;

function lists(client: Client<paths>) {
  const offset = <T>(pageSize: number, page: (window: { limit: number; offset: number }) => Promise<T[]>) => paginateOffset(page, pageSize);
  const numbered = <T>(
    pageSize: number,
    page: (window: { page: number; per_page: number }) => Promise<{ items: T[]; totalPages: number }>,
  ) => paginatePages(page, pageSize);
  return {
    /** GET /api/v1/leads: the leads a search finds. */
    leads: (query: ListQuery<"/api/v1/leads"> = {}, pageSize = 100) =>
      offset(pageSize, async (w) => (await unwrap(client.GET("/api/v1/leads", { params: { query: { ...query, ...w } } }))).leads),
    /** GET /api/v1/messages */
    messages: (query: ListQuery<"/api/v1/messages"> = {}, pageSize = 100) =>
      offset(pageSize, async (w) => (await unwrap(client.GET("/api/v1/messages", { params: { query: { ...query, ...w } } }))).messages),
    /** GET /api/v1/suppressions */
    suppressions: (query: ListQuery<"/api/v1/suppressions"> = {}, pageSize = 100) =>
      offset(
        pageSize,
        async (w) => (await unwrap(client.GET("/api/v1/suppressions", { params: { query: { ...query, ...w } } }))).suppressions,
      ),
    /** GET /api/v1/campaigns/{campaign_id}/leads */
    campaignLeads: (campaignId: string, query: ListQuery<"/api/v1/campaigns/{campaign_id}/leads"> = {}, pageSize = 100) =>
      offset(pageSize, async (w) => {
        const params = { path: { campaign_id: campaignId }, query: { ...query, ...w } };
        return (await unwrap(client.GET("/api/v1/campaigns/{campaign_id}/leads", { params }))).leads;
      }),
    /** GET /api/v1/campaigns/{campaign_id}/drafts */
    drafts: (campaignId: string, query: ListQuery<"/api/v1/campaigns/{campaign_id}/drafts"> = {}, pageSize = 100) =>
      offset(pageSize, async (w) => {
        const params = { path: { campaign_id: campaignId }, query: { ...query, ...w } };
        return (await unwrap(client.GET("/api/v1/campaigns/{campaign_id}/drafts", { params }))).drafts;
      }),
    /** GET /v1/sites */
    sites: (pageSize = 100) => offset(pageSize, async (w) => (await unwrap(client.GET("/v1/sites", { params: { query: w } }))).data),
    /** GET /v1/users */
    users: (pageSize = 100) => offset(pageSize, async (w) => (await unwrap(client.GET("/v1/users", { params: { query: w } }))).data),
    /** GET /v1/opportunities */
    opportunities: (query: ListQuery<"/v1/opportunities"> = {}, pageSize = 100) =>
      offset(pageSize, async (w) => (await unwrap(client.GET("/v1/opportunities", { params: { query: { ...query, ...w } } }))).data),
    /** GET /v1/workflows: sequence definitions. */
    workflows: (pageSize = 100) =>
      offset(pageSize, async (w) => (await unwrap(client.GET("/v1/workflows", { params: { query: w } }))).data),
    /** GET /api/agents/sales/leadGeneration/leads/{command_id}: a finished command's leads. */
    leadGenerationLeads: (commandId: string, pageSize = 100) =>
      numbered(pageSize, async (w) => {
        const params = { path: { command_id: commandId }, query: w };
        const { data } = await unwrap(client.GET("/api/agents/sales/leadGeneration/leads/{command_id}", { params }));
        return { items: data.leads, totalPages: data.pagination.total_pages };
      }),
    /** GET /api/agents/sales/prospects/companies */
    prospectCompanies: (query: ListQuery<"/api/agents/sales/prospects/companies"> = {}, pageSize = 100) =>
      numbered(pageSize, async (w) => {
        const { data } = await unwrap(client.GET("/api/agents/sales/prospects/companies", { params: { query: { ...query, ...w } } }));
        return { items: data.companies, totalPages: data.pagination.total_pages };
      }),
    /** GET /api/agents/sales/prospects/contacts */
    prospectContacts: (query: ListQuery<"/api/agents/sales/prospects/contacts"> = {}, pageSize = 100) =>
      numbered(pageSize, async (w) => {
        const { data } = await unwrap(client.GET("/api/agents/sales/prospects/contacts", { params: { query: { ...query, ...w } } }));
        return { items: data.contacts, totalPages: data.pagination.total_pages };
      }),
  };
}

export type LeadedgeLists = ReturnType<typeof lists>;

/** openapi-fetch's typed client (GET, POST, PATCH, PUT, DELETE on every path), plus `list`: one async iterator per list endpoint. */
export type LeadedgeClient = Client<paths> & { list: LeadedgeLists };

export function createLeadedge(options: LeadedgeOptions): LeadedgeClient {
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createClient<paths>({
    baseUrl: (options.baseUrl ?? "http://127.0.0.1:8787").replace(/\/+$/, ""),
    fetch: options.retry === false ? baseFetch : retryingFetch(baseFetch, options.retry),
    headers: {
      ...options.headers,
      Authorization: `Bearer ${options.apiKey}`,
      ...(options.tenantId ? { "X-Tenant-Id": options.tenantId } : {}),
    },
  });
  if (options.idempotencyKeys !== false) client.use(idempotencyKeys);
  return Object.assign(client, { list: lists(client) });
}
