import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  ProviderChange,
  ProviderCreated,
  ProviderDeleted,
  ProviderInput,
  ProviderList,
  ProviderResponse,
  ProviderUpdated,
} from "./schemas";

const tags = ["Lead generation"];
const id = idParam("provider_id", "ppr_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createProvider = createRoute({
  operationId: "createProspectProvider",
  method: "post",
  path: "/api/agents/sales/providers",
  tags,
  security,
  summary: "Configure an outside prospect provider that research asks for candidates",
  request: { body: { required: true, content: json(ProviderInput) } },
  responses: { 201: { description: "Created", content: json(ProviderCreated) }, ...errors() },
});
export const listProviders = createRoute({
  operationId: "listProspectProviders",
  method: "get",
  path: "/api/agents/sales/providers",
  tags,
  security,
  summary: "The tenant's prospect providers",
  responses: { 200: { description: "Providers, newest first", content: json(ProviderList) }, ...errors() },
});
export const getProvider = createRoute({
  operationId: "getProspectProvider",
  method: "get",
  path: "/api/agents/sales/providers/{provider_id}",
  tags,
  security,
  summary: "A prospect provider",
  request: { params: id },
  responses: { 200: { description: "The provider", content: json(ProviderResponse) }, ...errors(404) },
});
export const updateProvider = createRoute({
  operationId: "updateProspectProvider",
  method: "patch",
  path: "/api/agents/sales/providers/{provider_id}",
  tags,
  security,
  summary: "Change a prospect provider",
  request: { params: id, body: { required: true, content: json(ProviderChange) } },
  responses: { 200: { description: "The provider now", content: json(ProviderUpdated) }, ...errors(404) },
});
export const deleteProvider = createRoute({
  operationId: "deleteProspectProvider",
  method: "delete",
  path: "/api/agents/sales/providers/{provider_id}",
  tags,
  security,
  summary: "Remove a prospect provider (prospects it returned stay in the pool)",
  request: { params: id },
  responses: { 200: { description: "Deleted", content: json(ProviderDeleted) }, ...errors(404) },
});
