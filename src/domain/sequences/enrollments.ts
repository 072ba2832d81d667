import { and, asc, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { asStatement, runBatch } from "../../db/bulk";
import { openDatabase } from "../../db/database";
import { type Lead, leads, type SequenceEnrollment, sequenceDefinitions, sequenceEnrollments } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import { newId } from "../../platform/ids";
import { enqueueJobs } from "../../platform/job-messages";
import { D1_MAX_BOUND_PARAMETERS, slices, WORKFLOW_CREATE_BATCH_MAX } from "../../platform/limits";
import { errorFields, log } from "../../platform/log";
import { startInstances } from "../../platform/workflow-instances";
import { type Ctx, type TenantCtx, timed } from "../context";
import { dispatchAfterAnswer } from "../dispatch-after-answer";
import { suppressionsAmong } from "../email/suppressions";
import { type LeadSearch, searchFilter } from "../leads/leads";
import { knownActive } from "./active-sequences";
import { getDefinition } from "./definitions";

// Enrolling leads in an active sequence: one row per lead, written before its Workflow instance
// starts (the row is the outbox: a row not yet dispatched is started by the next dispatch or cron).

export const MAX_ENROLL_IDS = 1000;

export type SkipReason = "not_found" | "no_email" | "unsubscribed" | "suppressed" | "already_enrolled";

export interface EnrollInput {
  lead_ids?: string[];
  filter?: Omit<LeadSearch, "limit" | "offset" | "email" | "created_after" | "created_before" | "test_mode">;
}

export interface EnrollResult {
  sequenceId: string;
  version: number;
  requested: number;
  enrolled: { id: string; lead_id: string }[];
  skipped: Partial<Record<SkipReason, number>>;
}

/** What a Workflow instance of an enrollment is given. */
export interface EnrollmentTarget {
  tenantId: string;
  testMode: boolean;
  enrollmentId: string;
}

async function leadsToEnroll(ctx: TenantCtx, input: EnrollInput): Promise<{ found: Lead[]; missing: number; requested: number }> {
  if (input.lead_ids) {
    const ids = [...new Set(input.lead_ids)];
    const found: Lead[] = [];
    for (const part of slices(ids, D1_MAX_BOUND_PARAMETERS - 10))
      found.push(
        ...(await ctx.db
          .select()
          .from(leads)
          .where(and(ownedBy(leads, ctx), inArray(leads.id, part)))),
      );
    return { found, missing: ids.length - found.length, requested: ids.length };
  }
  const found = await ctx.db
    .select()
    .from(leads)
    .where(searchFilter(ctx, { ...input.filter, limit: MAX_ENROLL_IDS, offset: 0 }))
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(MAX_ENROLL_IDS);
  return { found, missing: 0, requested: found.length };
}

/**
 * Enrolls leads in the sequence's active version: each once per sequence (or again after its last
 * enrollment ended, when the sequence allows re-enrollment), never one without an email address
 * or on the suppression list. `source` says what enrolled them.
 */
export async function enrollLeads(
  ctx: TenantCtx,
  sequenceId: string,
  input: EnrollInput,
  source: string,
  requestOrigin: string,
): Promise<EnrollResult> {
  const definition = await timed(ctx, "sequence", () => getDefinition(ctx, sequenceId));
  if (definition.status !== "active" || definition.activeVersion === null)
    throw new ApiError("conflict", `Workflow ${sequenceId} is ${definition.status}: activate it before enrolling leads`, [
      { field: "workflow_id", code: "not_active", message: `the workflow is ${definition.status}` },
    ]);
  const { found, missing, requested } = await timed(ctx, "leads", () => leadsToEnroll(ctx, input));
  const skipped: EnrollResult["skipped"] = {};
  const skip = (reason: SkipReason, n = 1) => {
    if (n > 0) skipped[reason] = (skipped[reason] ?? 0) + n;
  };
  skip("not_found", missing);
  const suppressed = await timed(ctx, "suppressions", () =>
    suppressionsAmong(
      ctx,
      found.flatMap((l) => (l.email ? [l.email] : [])),
    ),
  );
  const earlier = new Map<string, SequenceEnrollment["status"][]>();
  for (const part of slices(found, D1_MAX_BOUND_PARAMETERS - 10)) {
    const rows = await timed(ctx, "earlier", () =>
      ctx.db
        .select({ leadId: sequenceEnrollments.leadId, status: sequenceEnrollments.status })
        .from(sequenceEnrollments)
        .where(
          and(
            ownedBy(sequenceEnrollments, ctx),
            eq(sequenceEnrollments.sequenceId, sequenceId),
            inArray(
              sequenceEnrollments.leadId,
              part.map((l) => l.id),
            ),
          ),
        ),
    );
    for (const row of rows) earlier.set(row.leadId, [...(earlier.get(row.leadId) ?? []), row.status]);
  }
  const at = ctx.now.toISOString();
  const publicUrl = configOf(ctx.env).email.publicUrl ?? requestOrigin;
  const rows: SequenceEnrollment[] = [];
  for (const lead of found) {
    const before = earlier.get(lead.id) ?? [];
    const reason = lead.email ? suppressed.get(lead.email.toLowerCase()) : undefined;
    if (!lead.email) skip("no_email");
    else if (reason) skip(reason === "unsubscribed" ? "unsubscribed" : "suppressed");
    else if (before.some((s) => s === "active" || s === "paused") || (before.length > 0 && !definition.allowReenrollment))
      skip("already_enrolled");
    else
      rows.push({
        id: newId("enr", ctx.now.getTime()),
        tenantId: ctx.tenant.id,
        testMode: ctx.testMode,
        sequenceId,
        version: definition.activeVersion,
        leadId: lead.id,
        status: "active",
        source,
        currentNodeId: null,
        path: [],
        nextWakeAt: null,
        exitReason: null,
        publicUrl,
        dispatchedAt: null,
        createdAt: at,
        updatedAt: at,
        endedAt: null,
      });
  }
  // A concurrent call enrolling the same lead loses on the unique index of running enrollments.
  await timed(ctx, "write", () =>
    runBatch(
      ctx.db,
      rows.map((row) => asStatement(ctx.db, ctx.db.insert(sequenceEnrollments).values(row).onConflictDoNothing())),
    ),
  );
  const written = new Set<string>();
  for (const part of slices(rows, D1_MAX_BOUND_PARAMETERS - 10)) {
    const ids = await timed(ctx, "written", () =>
      ctx.db
        .select({ id: sequenceEnrollments.id })
        .from(sequenceEnrollments)
        .where(
          inArray(
            sequenceEnrollments.id,
            part.map((r) => r.id),
          ),
        ),
    );
    for (const { id } of ids) written.add(id);
  }
  skip("already_enrolled", rows.length - written.size);
  if (written.size > 0) dispatchEnrollmentsSoon(ctx);
  return {
    sequenceId,
    version: definition.activeVersion,
    requested,
    enrolled: rows.filter((r) => written.has(r.id)).map((r) => ({ id: r.id, lead_id: r.leadId })),
    skipped,
  };
}

/** Starts the Workflow instance of each enrollment not yet started; the instance id is the enrollment id. */
export async function dispatchEnrollments(env: Env, options: { tenantId?: string; limit?: number } = {}): Promise<number> {
  const db = openDatabase(env.DB);
  const pending = await db
    .select({ id: sequenceEnrollments.id, tenantId: sequenceEnrollments.tenantId, testMode: sequenceEnrollments.testMode })
    .from(sequenceEnrollments)
    .where(
      options.tenantId
        ? and(isNull(sequenceEnrollments.dispatchedAt), eq(sequenceEnrollments.tenantId, options.tenantId))
        : isNull(sequenceEnrollments.dispatchedAt),
    )
    .orderBy(asc(sequenceEnrollments.createdAt))
    .limit(options.limit ?? 500);
  for (const part of slices(pending, Math.min(WORKFLOW_CREATE_BATCH_MAX, D1_MAX_BOUND_PARAMETERS - 10))) {
    const instances = part.map((row) => ({
      id: row.id,
      params: { tenantId: row.tenantId, testMode: row.testMode, enrollmentId: row.id } satisfies EnrollmentTarget,
    }));
    await startInstances(env.SEQUENCE_RUN, instances, "sequence enrollments");
    await db
      .update(sequenceEnrollments)
      .set({ dispatchedAt: new Date().toISOString() })
      .where(
        inArray(
          sequenceEnrollments.id,
          instances.map((i) => i.id),
        ),
      );
  }
  return pending.length;
}

/**
 * After intake wrote trigger statements unasked: start what they enrolled at once when the tenant
 * has an active sequence (as this isolate knows it, within ISOLATE_CACHE_TTL_MS), after the answer.
 */
export function dispatchEnrollmentsIfActive(ctx: TenantCtx): void {
  ctx.waitUntil(
    knownActive(ctx, hasActiveSequences)
      .then((active) => active && dispatchEnrollmentsSoon(ctx))
      .catch((error) =>
        log("error", "sequence enrollment dispatch failed", {
          job: "dispatchEnrollments",
          tenant_id: ctx.tenant.id,
          ...errorFields(error),
        }),
      ),
  );
}

/** Every enrollment of the tenant not yet started, started, 500 at a time. */
export async function startEnrollments(env: Env, tenantId: string): Promise<void> {
  const limit = 500;
  while ((await dispatchEnrollments(env, { tenantId, limit })) === limit);
}

/**
 * After a write that enrolled leads: a job on the queue starts their instances, after the answer.
 * Not in this request's waitUntil: under `wrangler dev`, starting 1,000 instances there held the
 * 202 back until they had all run (107 s for 1,000, the handler itself done in 0.3 s). Should the
 * message be lost, the minute cron starts the rows (`dispatched_at` null), so none is lost.
 */
export function dispatchEnrollmentsSoon(ctx: Ctx & { tenant: { id: string }; testMode: boolean }): void {
  dispatchAfterAnswer(ctx, "dispatchEnrollments", () =>
    enqueueJobs(ctx.env.JOBS, [{ type: "sequence.dispatch", tenantId: ctx.tenant.id, testMode: ctx.testMode }]),
  );
}

export const getEnrollment = async (ctx: TenantCtx, id: string): Promise<SequenceEnrollment> => {
  const [row] = await ctx.db
    .select()
    .from(sequenceEnrollments)
    .where(and(ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.id, id)))
    .limit(1);
  if (!row) throw new ApiError("not_found", `Enrollment ${id} does not exist`);
  return row;
};

export async function listEnrollments(
  ctx: TenantCtx,
  sequenceId: string,
  search: { status?: SequenceEnrollment["status"]; limit: number; offset: number },
): Promise<SequenceEnrollment[]> {
  await getDefinition(ctx, sequenceId);
  const filters: SQL[] = [ownedBy(sequenceEnrollments, ctx), eq(sequenceEnrollments.sequenceId, sequenceId)];
  if (search.status) filters.push(eq(sequenceEnrollments.status, search.status));
  return ctx.db
    .select()
    .from(sequenceEnrollments)
    .where(and(...filters))
    .orderBy(desc(sequenceEnrollments.createdAt), desc(sequenceEnrollments.id))
    .limit(search.limit)
    .offset(search.offset);
}

/** Whether the tenant has a sequence that enrolls anyone: a trigger's statement is written only then. */
export async function hasActiveSequences(ctx: TenantCtx): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: sequenceDefinitions.id })
    .from(sequenceDefinitions)
    .where(and(ownedBy(sequenceDefinitions, ctx), eq(sequenceDefinitions.status, "active")))
    .limit(1);
  return row !== undefined;
}
