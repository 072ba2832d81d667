import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { Accepted, BatchRequest, BatchResponse, SEED_BATCH } from "./schemas";

const tags = ["Scoring"];

export const scoreLeadBatch = createRoute({
  operationId: "scoreLeadBatch",
  method: "post",
  path: "/v1/leads/batch",
  tags,
  security,
  summary: "Score up to 1,000 leads as a batch",
  description:
    "With `async: true` the answer is 202 at once; the leads are scored through the job queue in chunks " +
    "of 100, a Durable Object counts progress, and completion fires exactly once: the batch is finished " +
    "and a signed `scoring.batch.completed` webhook goes to `webhook_url` (through the tenant's webhook " +
    "endpoint for that URL, created if needed). With `async: false` the same work runs in the request " +
    "and the answer carries the results.",
  request: { body: { required: true, content: json(BatchRequest, SEED_BATCH) } },
  responses: {
    200: { description: "Scored (async: false)", content: json(Accepted) },
    202: { description: "Queued (async: true); poll status_url", content: json(Accepted) },
    ...errors(422),
  },
});

export const getLeadBatch = createRoute({
  operationId: "getLeadBatch",
  method: "get",
  path: "/v1/leads/batch/{batch_id}",
  tags,
  security,
  summary: "A batch's progress, and its results once finished",
  request: { params: idParam("batch_id", "batch_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "The batch", content: json(BatchResponse) }, ...errors(404) },
});
