import { agentsRouter } from "./api/agents";
import { generationRouter } from "./api/generation";
import { operatorsRouter } from "./api/operators";
import { publicRouter } from "./api/public";
import { scoringRouter } from "./api/scoring";
import { submissionRouter } from "./api/submission";
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
  // The open pixel (/t/o) needs none of these: it checks its token and queues the open.
  app.use("/t/c/*", database, landingPageHeaders);
  app.use("/t/u/*", limitBody, database, landingPageHeaders);
  for (const path of TENANT_PATHS) app.use(path, limitBody, database, authenticate, rateLimit, requireJsonBody, idempotency);

  app.route("/", publicRouter);
  app.route("/", operatorsRouter);
  app.route("/", submissionRouter);
  app.route("/", generationRouter);
  app.route("/", agentsRouter);
  app.route("/", scoringRouter);

  serveOpenApiDocument(app);
  app.onError(onError);
  app.notFound(notFoundHandler(app));
  return app;
}
