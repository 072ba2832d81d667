import { createRoute, z } from "@hono/zod-openapi";
import { errors, security } from "../family";
import { Page, TenantCreate, TenantCreated, TenantId, TenantList, TenantSchema, TenantUpdate } from "./schemas";

const tags = ["Operators"];
const json = <T>(schema: T) => ({ "application/json": { schema } });

export const createTenant = createRoute({
  operationId: "createTenant",
  method: "post",
  path: "/admin/tenants",
  tags,
  security,
  summary: "Create a tenant with a live and a test API key",
  description: "A taken slug is 409 naming slug. Without a slug one is derived from the name, with -2, -3… appended when taken.",
  request: { body: { required: true, content: json(TenantCreate) } },
  responses: {
    201: { description: "The tenant and its two keys (shown once)", content: json(TenantCreated) },
    ...errors(400, 401, 409, 503),
  },
});

export const listTenants = createRoute({
  operationId: "listTenants",
  method: "get",
  path: "/admin/tenants",
  tags,
  security,
  summary: "List tenants, newest first",
  request: { query: Page },
  responses: { 200: { description: "Tenants", content: json(TenantList) }, ...errors(400, 401, 503) },
});

export const getTenant = createRoute({
  operationId: "getTenant",
  method: "get",
  path: "/admin/tenants/{id}",
  tags,
  security,
  summary: "Get a tenant",
  request: { params: z.object({ id: TenantId }) },
  responses: { 200: { description: "The tenant", content: json(TenantSchema) }, ...errors(401, 404, 503) },
});

export const updateTenant = createRoute({
  operationId: "updateTenant",
  method: "patch",
  path: "/admin/tenants/{id}",
  tags,
  security,
  summary: "Rename a tenant or change its plan",
  description:
    "A new plan's quotas apply at once in the isolate that makes the change and within 5 seconds elsewhere, " +
    "since other isolates keep the tenant with its keys for up to ISOLATE_CACHE_TTL_MS.",
  request: { params: z.object({ id: TenantId }), body: { required: true, content: json(TenantUpdate) } },
  responses: { 200: { description: "The updated tenant", content: json(TenantSchema) }, ...errors(400, 401, 404, 503) },
});
