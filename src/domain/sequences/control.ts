import { and, eq } from "drizzle-orm";
import { messages, type SequenceEnrollment, sequenceEnrollments } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { getDefinition } from "./definitions";
import { getEnrollment } from "./enrollments";
import { endRun } from "./run";

// Pausing, resuming and cancelling enrollments. The row is the truth: the enrollment's Workflow
// reads it when it arrives at each node, so a pause takes effect at the next node (a wait in
// progress runs out first) and waits there for the `resume` event; an email already queued
// waits for it too, and one of a cancelled enrollment is not sent (email/delivery.ts).

const notRunning = (e: SequenceEnrollment, verb: string) =>
  new ApiError("conflict", `Enrollment ${e.id} is ${e.status}; only a running enrollment can be ${verb}`, [
    { field: "status", code: "not_running", message: `the enrollment is ${e.status}` },
  ]);

/** Wakes the enrollment's instance and its queued emails' instances, which planDelivery holds while it is paused. */
async function sendResume(ctx: TenantCtx, enrollmentId: string) {
  const held = await ctx.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(ownedBy(messages, ctx), eq(messages.enrollmentId, enrollmentId), eq(messages.status, "queued")));
  const instances = [() => ctx.env.SEQUENCE_RUN.get(enrollmentId), ...held.map((m) => () => ctx.env.EMAIL_SEND.get(m.id))];
  for (const instance of instances)
    try {
      await (await instance()).sendEvent({ type: "resume", payload: {} });
    } catch (error) {
      // Not started yet (its first arrival or plan then sees it active) or already ended: nothing waits.
      console.warn(JSON.stringify({ level: "warn", job: "resumeEnrollment", enrollment: enrollmentId, error: String(error) }));
    }
}

export async function pauseEnrollment(ctx: TenantCtx, id: string): Promise<SequenceEnrollment> {
  const enrollment = await getEnrollment(ctx, id);
  if (enrollment.status === "paused") return enrollment;
  if (enrollment.status !== "active") throw notRunning(enrollment, "paused");
  await ctx.db
    .update(sequenceEnrollments)
    .set({ status: "paused", updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, id), eq(sequenceEnrollments.status, "active")));
  return getEnrollment(ctx, id);
}

export async function resumeEnrollment(ctx: TenantCtx, id: string): Promise<SequenceEnrollment> {
  const enrollment = await getEnrollment(ctx, id);
  if (enrollment.status === "active") return enrollment;
  if (enrollment.status !== "paused") throw notRunning(enrollment, "resumed");
  await ctx.db
    .update(sequenceEnrollments)
    .set({ status: "active", updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, id), eq(sequenceEnrollments.status, "paused")));
  await sendResume(ctx, id);
  return getEnrollment(ctx, id);
}

/** Ends the enrollment as `cancelled` (exit reason `cancelled`) and stops its Workflow instance. */
export async function cancelEnrollment(ctx: TenantCtx, id: string): Promise<SequenceEnrollment> {
  const enrollment = await getEnrollment(ctx, id);
  if (enrollment.status === "cancelled") return enrollment;
  if (enrollment.status !== "active" && enrollment.status !== "paused") throw notRunning(enrollment, "cancelled");
  await endRun(ctx, id, { status: "cancelled", reason: "cancelled" });
  try {
    await (await ctx.env.SEQUENCE_RUN.get(id)).terminate();
  } catch (error) {
    // Not started, or already finished: its next arrival (if any) sees the row and stops.
    console.warn(JSON.stringify({ level: "warn", job: "cancelEnrollment", enrollment: id, error: String(error) }));
  }
  return getEnrollment(ctx, id);
}

/** Pausing a sequence pauses every running enrollment of it; resuming resumes them. */
export async function pauseSequence(ctx: TenantCtx, sequenceId: string, paused: boolean): Promise<number> {
  await getDefinition(ctx, sequenceId);
  const changed = await ctx.db
    .update(sequenceEnrollments)
    .set({ status: paused ? "paused" : "active", updatedAt: ctx.now.toISOString() })
    .where(
      and(
        ownedBy(sequenceEnrollments, ctx),
        eq(sequenceEnrollments.sequenceId, sequenceId),
        eq(sequenceEnrollments.status, paused ? "active" : "paused"),
      ),
    )
    .returning({ id: sequenceEnrollments.id });
  if (!paused) for (const { id } of changed) await sendResume(ctx, id);
  return changed.length;
}
