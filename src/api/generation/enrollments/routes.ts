import { createRoute } from "@hono/zod-openapi";
import { idParam, json } from "../../../platform/envelopes";
import { errorsWith, security } from "../family";
import { EnrollInput, EnrollmentAccepted, EnrollmentList, EnrollmentResponse, EnrollmentSearch, SequencePaused } from "./schemas";

const tags = ["Workflows"];
const errors = errorsWith({ 409: "The workflow is not active, or the enrollment is not running" });
const workflowId = idParam("workflow_id", "wf_01jd0x5v7k2m3n4p5q6r7s8t9v");
const enrollmentId = idParam("enrollment_id", "enr_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const enroll = createRoute({
  operationId: "enrollInWorkflow",
  method: "post",
  path: "/v1/workflows/{workflow_id}/enrollments",
  tags,
  security,
  summary: "Enroll leads in an active sequence",
  description:
    "Each lead is enrolled once per sequence (again after its enrollment ended only when the sequence has " +
    "`allow_reenrollment`); leads without an email address, on the suppression list or unknown are skipped, " +
    "each reason counted. Each enrollment runs in its own durable Workflow instance on the sequence's active version.",
  request: { params: workflowId, body: { required: true, content: json(EnrollInput, { lead_ids: ["lead_01jd0x5v7k2m3n4p5q6r7s8t9v"] }) } },
  responses: { 202: { description: "Enrolled; the instances start at once", content: json(EnrollmentAccepted) }, ...errors(404) },
});
export const listEnrollments = createRoute({
  operationId: "listWorkflowEnrollments",
  method: "get",
  path: "/v1/workflows/{workflow_id}/enrollments",
  tags,
  security,
  summary: "The sequence's enrollments, newest first",
  request: { params: workflowId, query: EnrollmentSearch },
  responses: { 200: { description: "Enrollments", content: json(EnrollmentList) }, ...errors(404) },
});
export const getEnrollment = createRoute({
  operationId: "getEnrollment",
  method: "get",
  path: "/v1/enrollments/{enrollment_id}",
  tags,
  security,
  summary: "An enrollment: its current node, the path so far with times and outcomes, the next wake-up",
  request: { params: enrollmentId },
  responses: { 200: { description: "The enrollment", content: json(EnrollmentResponse) }, ...errors(404) },
});

const control = (verb: "pause" | "resume" | "cancel", summary: string) =>
  createRoute({
    operationId: `${verb}Enrollment`,
    method: "post",
    path: `/v1/enrollments/{enrollment_id}/${verb}`,
    tags,
    security,
    summary,
    request: { params: enrollmentId },
    responses: { 200: { description: "The enrollment now", content: json(EnrollmentResponse) }, ...errors(404) },
  });
export const pauseEnrollment = control("pause", "Pause at the next node (a wait in progress runs out first)");
export const resumeEnrollment = control("resume", "Resume a paused enrollment where it stopped");
export const cancelEnrollment = control("cancel", "End the enrollment (exit reason `cancelled`) and stop its Workflow");

const sequenceControl = (verb: "pause" | "resume", summary: string) =>
  createRoute({
    operationId: `${verb}Workflow`,
    method: "post",
    path: `/v1/workflows/{workflow_id}/${verb}`,
    tags,
    security,
    summary,
    request: { params: workflowId },
    responses: { 200: { description: "How many enrollments changed", content: json(SequencePaused) }, ...errors(404) },
  });
export const pauseSequence = sequenceControl("pause", "Pause every running enrollment of the sequence");
export const resumeSequence = sequenceControl("resume", "Resume every paused enrollment of the sequence");
