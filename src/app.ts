import { accountRouter } from "./api/account";
import { adminRouter } from "./api/admin";
import { analyticsRouter } from "./api/analytics";
import { flowsRouter } from "./api/flows";
import { formsRouter } from "./api/forms";
import { leadsRouter } from "./api/leads";
import { publicFormsRouter } from "./api/public-forms";
import { leadGenerationRouter } from "./api/lead-generation";
import { prospectPoolRouter } from "./api/prospect-pool";
import { prospectProvidersRouter } from "./api/prospect-providers";
import { campaignsRouter } from "./api/campaigns";
import { generationRouter } from "./api/generation";
import { landingPagesRouter } from "./api/landing-pages";
import { publicPagesRouter } from "./api/public-pages";
import { workflowsRouter } from "./api/workflow-definitions";
import { opportunitiesRouter } from "./api/opportunities";
import { scoringRouter } from "./api/scoring";
import { statusesRouter } from "./api/statuses";
import { modelsRouter } from "./api/scoring/models";
import { outcomesRouter } from "./api/scoring/outcomes";
import { batchesRouter } from "./api/scoring/batches";
import { sitesRouter } from "./api/sites";
import { systemRouter } from "./api/system";
import { usersRouter } from "./api/users";
import { scoringWebhooksRouter, submissionWebhooksRouter } from "./api/webhooks";
import { adminAuth } from "./platform/admin-auth";
import { authenticate } from "./platform/auth";
import { limitBody, requireJsonBody } from "./platform/body";
import { database } from "./platform/database";
import { notFoundHandler, onError } from "./platform/error-handler";
import { idempotency } from "./platform/idempotency";
import { serveOpenApiDocument } from "./platform/openapi-document";
import { rateLimit } from "./platform/rate-limit";
import { requestContext } from "./platform/request-id";
import { createRouter } from "./platform/router";
import { htmlSecurityHeaders, landingPageHeaders, publicCors } from "./platform/security";

// Tenant families: /api/v1 (submission), /api/agents (lead generation), /v1 (scoring, generation & config).
const TENANT_PATHS = ["/api/*", "/v1/*"];
// Form posts (/f/*) answer CORS per form, from its allowed origins.
const PUBLIC_PATHS = ["/p/*", "/t/*", "/openapi.json", "/healthz"];

export function buildApp() {
  const app = createRouter();
  app.use("*", requestContext);
  for (const path of PUBLIC_PATHS) app.use(path, publicCors);

  app.use("/admin/*", limitBody, database, adminAuth, requireJsonBody);
  app.use("/f/*", limitBody, database, htmlSecurityHeaders);
  app.use("/p/*", database, landingPageHeaders);
  for (const path of TENANT_PATHS) app.use(path, limitBody, database, authenticate, rateLimit, requireJsonBody, idempotency);

  app.route("/", systemRouter);
  app.route("/", adminRouter);
  app.route("/", accountRouter);
  app.route("/", flowsRouter);
  app.route("/", leadsRouter);
  app.route("/", analyticsRouter);
  app.route("/", formsRouter);
  app.route("/", publicFormsRouter);
  app.route("/", sitesRouter);
  app.route("/", usersRouter);
  app.route("/", leadGenerationRouter);
  app.route("/", prospectProvidersRouter);
  app.route("/", prospectPoolRouter);
  app.route("/", statusesRouter);
  app.route("/", opportunitiesRouter);
  app.route("/", generationRouter);
  app.route("/", workflowsRouter);
  app.route("/", landingPagesRouter);
  app.route("/", publicPagesRouter);
  app.route("/", campaignsRouter);
  app.route("/", scoringWebhooksRouter);
  app.route("/", outcomesRouter);
  app.route("/", batchesRouter);
  app.route("/", modelsRouter);
  app.route("/", scoringRouter);
  app.route("/", submissionWebhooksRouter);

  serveOpenApiDocument(app);
  app.onError(onError);
  app.notFound(notFoundHandler(app));
  return app;
}
