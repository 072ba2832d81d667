import { createRoute } from "@hono/zod-openapi";
import { json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { AnalyticsQuery, AnalyticsResponse } from "./schemas";

export const getAnalytics = createRoute({
  operationId: "getAnalytics",
  method: "get",
  path: "/api/v1/analytics",
  tags: ["Analytics"],
  security,
  summary: "Lead figures for a period, grouped by source, campaign, flow or day",
  description:
    "acceptance_rate = accepted / received; delivery_rate = delivered / accepted; conversion_rate = converted / accepted; leads count on the day they arrived.",
  request: { query: AnalyticsQuery },
  responses: {
    200: { description: "One entry per group", content: json(AnalyticsResponse) },
    ...errors(404),
  },
});
