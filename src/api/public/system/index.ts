import { createRoute, z } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { createRouter } from "../../../platform/router";
import { htmlSecurityHeaders } from "../../../platform/security";

const health = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/healthz",
  tags: ["System"],
  security: [],
  summary: "Liveness check",
  responses: {
    200: {
      description: "The Worker is up",
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }).openapi("Health") } },
    },
  },
});

export const systemRouter = createRouter()
  .openapi(health, (c) => c.json({ status: "ok" as const }, 200))
  .get("/docs", htmlSecurityHeaders, Scalar({ url: "/openapi.json", pageTitle: "Leadedge API reference" }));
