import * as control from "../../../domain/sequences/control";
import * as enrollments from "../../../domain/sequences/enrollments";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderEnrollment, renderEnrollResult } from "./schemas";

export const enroll: AppRouteHandler<typeof routes.enroll> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  const result = await enrollments.enrollLeads(tenantCtxOf(c), workflow_id, c.req.valid("json"), "manual", new URL(c.req.url).origin);
  return c.json(ok(renderEnrollResult(result), `${result.enrolled.length} enrolled`), 202);
};

export const listEnrollments: AppRouteHandler<typeof routes.listEnrollments> = async (c) => {
  const list = await enrollments.listEnrollments(tenantCtxOf(c), c.req.valid("param").workflow_id, c.req.valid("query"));
  return c.json(ok(list.map(renderEnrollment)), 200);
};

export const getEnrollment: AppRouteHandler<typeof routes.getEnrollment> = async (c) =>
  c.json(ok(renderEnrollment(await enrollments.getEnrollment(tenantCtxOf(c), c.req.valid("param").enrollment_id))), 200);

export const pauseEnrollment: AppRouteHandler<typeof routes.pauseEnrollment> = async (c) =>
  c.json(ok(renderEnrollment(await control.pauseEnrollment(tenantCtxOf(c), c.req.valid("param").enrollment_id)), "Enrollment paused"), 200);

export const resumeEnrollment: AppRouteHandler<typeof routes.resumeEnrollment> = async (c) =>
  c.json(
    ok(renderEnrollment(await control.resumeEnrollment(tenantCtxOf(c), c.req.valid("param").enrollment_id)), "Enrollment resumed"),
    200,
  );

export const cancelEnrollment: AppRouteHandler<typeof routes.cancelEnrollment> = async (c) =>
  c.json(
    ok(renderEnrollment(await control.cancelEnrollment(tenantCtxOf(c), c.req.valid("param").enrollment_id)), "Enrollment cancelled"),
    200,
  );

export const pauseSequence: AppRouteHandler<typeof routes.pauseSequence> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  const changed = await control.pauseSequence(tenantCtxOf(c), workflow_id, true);
  return c.json(ok({ workflow_id, enrollments_changed: changed }, `${changed} enrollments paused`), 200);
};

export const resumeSequence: AppRouteHandler<typeof routes.resumeSequence> = async (c) => {
  const { workflow_id } = c.req.valid("param");
  const changed = await control.pauseSequence(tenantCtxOf(c), workflow_id, false);
  return c.json(ok({ workflow_id, enrollments_changed: changed }, `${changed} enrollments resumed`), 200);
};
