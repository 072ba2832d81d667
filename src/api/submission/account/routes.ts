import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { AccountChange, AccountSchema, AccountUsageSchema } from "./schemas";

export const getAccount = createRoute({
  operationId: "getAccount",
  method: "get",
  path: "/api/v1/account",
  tags: ["Account"],
  security,
  summary: "Who am I: the calling key, its tenant, mode and plan quotas",
  description: "Cheap to call: a way to check a key and read the current quota from the X-RateLimit-* headers.",
  responses: { 200: { description: "The caller", content: json(AccountSchema) }, ...errors() },
});

export const updateAccount = createRoute({
  operationId: "updateAccount",
  method: "patch",
  path: "/api/v1/account",
  tags: ["Account"],
  security,
  summary: "Change the account's settings: the domains it sends email from",
  description: "The settings are the tenant's, shared by live and test mode: only a live-mode key may change them (403 otherwise).",
  request: { body: { required: true, content: json(AccountChange) } },
  responses: { 200: { description: "The caller", content: json(AccountSchema) }, ...errors() },
});

export const getAccountUsage = createRoute({
  operationId: "getAccountUsage",
  method: "get",
  path: "/api/v1/account/usage",
  tags: ["Account"],
  security,
  summary: "What the account has used: requests per quota window, leads, emails and lead generation this month",
  description:
    "Counted, not estimated: the request windows as the rate limiter holds them, less the quota tokens the answering " +
    "isolate holds unspent (this call included; tokens another isolate holds count as used for at most 2 seconds), and the lead, " +
    "message and lead-generation rows of the current calendar month (UTC). Leads and emails count the key's mode " +
    "(live or test); the lead-generation quota is one per tenant.",
  responses: { 200: { description: "The account's usage", content: json(AccountUsageSchema) }, ...errors() },
});
