import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { familyOf } from "./families";
import { errorResponses, middlewareErrors } from "./openapi-errors";

const TAGS = [
  { name: "Account", description: "The calling API key and its tenant (lead submission & campaigns dialect)" },
  { name: "Flows", description: "How leads are checked, enhanced, accepted and routed (lead submission dialect)" },
  { name: "Leads", description: "Lead submission, batches, retrieval, search and feedback (lead submission dialect)" },
  { name: "Forms", description: "Public forms for landing pages: managed under /api/v1/forms, posted to /f/{form_id} without an API key" },
  { name: "Analytics", description: "Acceptance, delivery and conversion figures (lead submission dialect)" },
  { name: "Scoring", description: "Lead scores and predictions (scoring dialect)" },
  {
    name: "Webhooks",
    description: "Signed event deliveries; served in the scoring dialect at /v1/webhooks and the submission dialect at /api/v1/webhooks",
  },
  { name: "Operators", description: "Tenants, plans and API keys, for operators holding the ADMIN_TOKEN secret" },
  { name: "Sites", description: "Websites lead generation works for (generation & config dialect)" },
  { name: "Users", description: "People in a tenant who request lead generation (generation & config dialect)" },
  {
    name: "Lead generation",
    description: "Lead generation commands over the tenant's prospect pool, run as Workflows (lead-generation agents dialect)",
  },
  {
    name: "AI generation",
    description:
      "Sequences, landing pages, statuses and stages from prompts: the configured model, or deterministic templates (generation & config dialect)",
  },
  { name: "Workflows", description: "Sequence definitions: node/edge graphs the sequence generator writes (generation & config dialect)" },
  {
    name: "Landing pages",
    description:
      "Pages made by hand or generated, published at /p/{tenant_slug}/{slug} with a form posting to a flow (generation & config dialect)",
  },
  {
    name: "Campaigns",
    description:
      "Campaigns, senders, campaign leads and the personalization playground: one queued draft per lead (lead submission & campaigns dialect)",
  },
  {
    name: "Senders",
    description: "Mailboxes Leadedge sends from: transport, daily limit, send window, tracking (lead submission dialect)",
  },
  {
    name: "Messages",
    description:
      "One email to one lead, sent by a durable Workflow; its status and events: sent, opened, clicked, replied, bounced (lead submission dialect)",
  },
  {
    name: "API keys",
    description:
      "The account's own API keys: create (shown once), list, revoke, rotate with an overlap; a key can grant no more than it holds (lead submission dialect)",
  },
  {
    name: "Suppressions",
    description: "Addresses never emailed again: unsubscribed, bounced, complained or manual (lead submission dialect)",
  },
  { name: "Email tracking", description: "Open pixel, click links and unsubscribe pages of sent email (public, signed tokens)" },
  { name: "Pipeline", description: "Lead statuses and opportunity stages (generation & config dialect)" },
  { name: "System", description: "Health and this reference" },
];

const DESCRIPTION = `Leadedge is a lead-management API on Cloudflare Workers.

Authenticate with \`Authorization: Bearer <key>\` (\`lk_live_…\` or \`lk_test_…\`). Every response carries
\`X-Request-Id\`; authenticated ones carry \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\`, \`X-RateLimit-Reset\` and
the IETF \`RateLimit-Policy\` / \`RateLimit\` fields, and a refused call gets 429 with \`Retry-After\`. The remaining
count is the tenant's limiter's as of the isolate's last quota lease, at most 2 seconds old.

Every POST with an API key accepts \`Idempotency-Key\` (1 to 255 characters): the same key and request within 24
hours replay the first answer (\`Idempotent-Replayed: true\`), the same key with another request is 422, and a
repeat while the first is still running is 409. A deployment without \`EMAIL_SECRET\`, which seals the kept answers,
refuses a request carrying the header with 503.

Request bodies are JSON (a prospect import may also be CSV): another content type is 415, malformed JSON is 400,
and a body over 1 MiB (10 MiB for an import) is 413 before it is read. Each path family answers in the envelope of
the API it implements; errors name the field and the reason.`;

/** Adds to every route the answers of the middleware that guards it (openapi-errors.ts). */
function documentMiddlewareErrors(app: OpenAPIHono<AppEnv>) {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route") continue;
    const { route } = definition;
    const family = familyOf(route.path);
    const missing = middlewareErrors(family, route.method.toUpperCase()).filter((status) => !(status in route.responses));
    if (missing.length > 0) route.responses = { ...route.responses, ...errorResponses(family, missing) };
  }
}

/** Registers the security schemes and serves the OpenAPI 3.1 document generated from the routes. */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>) {
  documentMiddlewareErrors(app);
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A tenant API key: lk_live_… or lk_test_…",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The ADMIN_TOKEN secret of the deployment",
  });
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Leadedge API",
      version: "0.1.0",
      description: DESCRIPTION,
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
    tags: TAGS,
  }));
}
