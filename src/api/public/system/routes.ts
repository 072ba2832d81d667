import { createRoute } from "@hono/zod-openapi";
import { security } from "../family";
import { Health } from "./schemas";

export const health = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/healthz",
  tags: ["System"],
  security,
  summary: "Liveness check",
  responses: {
    200: {
      description: "The Worker is up",
      content: { "application/json": { schema: Health } },
    },
  },
});
