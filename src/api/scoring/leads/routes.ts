import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { AnalyzeRequest, AnalyzeResponse, ScoredLead, SEED_ANALYZE } from "./schemas";

const tags = ["Scoring"];

export const analyzeLeads = createRoute({
  operationId: "analyzeLeads",
  method: "post",
  path: "/v1/leads/analyze",
  tags,
  security,
  summary: "Score up to 1,000 leads",
  description:
    "Each lead is matched to the tenant's lead with the same email (or phone), or created, and scored. " +
    "Until the tenant has a trained model, the documented prior model scores (calibrated: false).",
  request: { body: { required: true, content: json(AnalyzeRequest, SEED_ANALYZE) } },
  responses: { 200: { description: "Scores, predictions and a summary", content: json(AnalyzeResponse) }, ...errors() },
});

export const getScoredLead = createRoute({
  operationId: "getScoredLead",
  method: "get",
  path: "/v1/leads/{id}",
  tags,
  security,
  summary: "A lead's score, its history and the factors behind it",
  request: { params: idParam("id", "lead_abc123") },
  responses: { 200: { description: "The lead", content: json(ScoredLead) }, ...errors(404) },
});
