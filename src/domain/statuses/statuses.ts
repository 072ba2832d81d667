import { and, asc, eq, exists, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { asStatement, insertRows, runBatch } from "../../db/bulk";
import { type Status, statuses } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { uniqueViolation } from "../../db/unique-violation";
import { ApiError, type FieldIssue } from "../../platform/errors";
import { newId } from "../../platform/ids";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";
import { assertDefaultsUnnamed, statusInUse, statusUnheld } from "./status-holders";

export type EntityType = Status["entityType"];

/** A status as the API and the generators write it. */
export interface StatusInput {
  code: string;
  name: string;
  description?: string | null;
  color?: string | null;
  sortOrder?: number;
  isDefault?: boolean;
  isClosed?: boolean;
  isWon?: boolean;
  defaultProbability?: number | null;
}

// Lead status codes that close a lead without saying so: won ones convert, lost ones do not.
// `converted` and `returned` are the codes lead feedback sets.
const WON_CODES = new Set(["won", "closed_won", "converted", "customer"]);
const LOST_CODES = new Set(["lost", "closed_lost", "disqualified", "unqualified", "returned"]);

/** The lead statuses a tenant has before it configures any: the status generator's template. */
export const DEFAULT_LEAD_STATUSES: StatusInput[] = [
  { code: "new", name: "New", description: "Freshly created lead", color: "blue", sortOrder: 0, isDefault: true },
  { code: "contacted", name: "Contacted", description: "Initial outreach made", color: "cyan", sortOrder: 1 },
  { code: "qualified", name: "Qualified", description: "Meets qualification criteria", color: "green", sortOrder: 2 },
  { code: "won", name: "Won", description: "Converted to customer", color: "emerald", sortOrder: 5 },
  { code: "lost", name: "Lost", description: "Did not convert", color: "red", sortOrder: 6 },
];

function row(ctx: TenantCtx, entityType: EntityType, input: StatusInput, index: number): Status {
  const at = ctx.now.toISOString();
  const code = input.code;
  // `isWon: true` alone closes the status, since a won status is closed (`isClosed: false` with it is refused).
  const isClosed = input.isClosed ?? (input.isWon === true || (entityType === "lead" && (WON_CODES.has(code) || LOST_CODES.has(code))));
  const isWon = input.isWon ?? (entityType === "lead" && WON_CODES.has(code));
  return {
    id: newId("sts", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    entityType,
    code,
    name: input.name,
    description: input.description ?? null,
    color: input.color ?? null,
    sortOrder: input.sortOrder ?? index,
    isDefault: input.isDefault ?? false,
    isClosed,
    isWon: isClosed && isWon,
    defaultProbability: entityType === "opportunity" ? (input.defaultProbability ?? (isClosed ? (isWon ? 100 : 0) : null)) : null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * What is wrong with one status, its fields named as request validation names them: `isWon` for a
 * status sent alone, `statuses[2].isWon` for one of a set (`prefix` "statuses[2]").
 */
export function statusProblems(entityType: EntityType, input: Partial<StatusInput>, prefix = ""): FieldIssue[] {
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const issues: FieldIssue[] = [];
  if (input.isWon && input.isClosed === false)
    issues.push({ field: field("isWon"), code: "inconsistent", message: "a won status must be closed (isClosed: true)" });
  if (entityType === "lead" && input.defaultProbability != null)
    issues.push({ field: field("defaultProbability"), code: "not_allowed", message: "defaultProbability belongs to opportunity stages" });
  return issues;
}

export async function listStatuses(ctx: TenantCtx, entityType?: EntityType): Promise<Status[]> {
  return ctx.db
    .select()
    .from(statuses)
    .where(and(ownedBy(statuses, ctx), entityType ? eq(statuses.entityType, entityType) : undefined))
    .orderBy(asc(statuses.entityType), asc(statuses.sortOrder), asc(statuses.code));
}

export const getStatus = (ctx: TenantCtx, id: string) => findOwned(ctx, statuses, id, "Status");

/**
 * What is wrong with a set of statuses sent together (POST /v1/config/statuses' rules, which the
 * status generators check their model's answers with): a won status that is not closed, a lead
 * status with a probability, a code twice, more than one default.
 */
export function statusSetProblems(entityType: EntityType, inputs: StatusInput[], field: string): FieldIssue[] {
  const issues = inputs.flatMap((input, i) => statusProblems(entityType, input, `${field}[${i}]`));
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    if (seen.has(input.code)) issues.push({ field: `${field}[${i}].code`, code: "duplicate", message: `code ${input.code} appears twice` });
    seen.add(input.code);
  });
  if (inputs.filter((s) => s.isDefault).length > 1)
    issues.push({ field, code: "several_defaults", message: "at most one status may be the default" });
  return issues;
}

function codeTaken(entityType: EntityType, code: string, field = "code"): ApiError {
  return new ApiError("conflict", `A ${entityType} status with code ${code} exists`, [
    { field, code: "duplicate", message: `code ${code} is taken` },
  ]);
}

/** A 409 naming the first code of `inputs` a status of `existing` already has. */
function assertCodesFree(entityType: EntityType, inputs: StatusInput[], existing: Status[], field?: string): void {
  const i = inputs.findIndex((s) => existing.some((e) => e.code === s.code));
  if (i >= 0) throw codeTaken(entityType, inputs[i]!.code, field === undefined ? "code" : `${field}[${i}].code`);
}

/** The default lead codes a tenant's first own lead statuses, which replace the defaults, leave out. */
const droppedDefaults = (inputs: StatusInput[]) =>
  DEFAULT_LEAD_STATUSES.map((s) => s.code).filter((code) => !inputs.some((input) => input.code === code));

/**
 * Creates statuses of one entity type: one, or a generator's whole set (`field` is the key the set
 * came under, absent for one status sent alone). Codes are unique per tenant and type; exactly one
 * status of a type is the default, so a new default replaces the old one, and the first status of
 * a type becomes its default. The tenant's first own lead statuses are refused while an active
 * sequence names a default code they leave out.
 */
export async function createStatuses(ctx: TenantCtx, entityType: EntityType, inputs: StatusInput[], field?: string): Promise<Status[]> {
  const issues = field === undefined ? statusProblems(entityType, inputs[0]!) : statusSetProblems(entityType, inputs, field);
  if (issues.length > 0) throw new ApiError("invalid_request", issues[0]!.message, issues);

  const existing = await listStatuses(ctx, entityType);
  assertCodesFree(entityType, inputs, existing, field);
  if (entityType === "lead" && existing.length === 0) await assertDefaultsUnnamed(ctx, droppedDefaults(inputs), field);
  const rows = inputs.map((input, i) => row(ctx, entityType, input, existing.length + i));
  if (!rows.some((r) => r.isDefault) && !existing.some((e) => e.isDefault)) rows[0]!.isDefault = true;
  const newDefault = rows.some((r) => r.isDefault);
  const clearDefault = ctx.db
    .update(statuses)
    .set({ isDefault: false, updatedAt: ctx.now.toISOString() })
    .where(and(ownedBy(statuses, ctx), eq(statuses.entityType, entityType)));
  try {
    await runBatch(ctx.db, [...(newDefault ? [asStatement(ctx.db, clearDefault)] : []), ...insertRows(ctx.db, statuses, rows)]);
  } catch (error) {
    // A concurrent create took a code between the look-up and this batch, which the index then refused whole.
    if (uniqueViolation(error, "statuses")) assertCodesFree(entityType, inputs, await listStatuses(ctx, entityType), field);
    throw error;
  }
  return rows;
}

// The status a PATCH changes, as the batch's second statement sees it after the first.
const target = alias(statuses, "target");

/**
 * Changes a status. `isWon: true` closes an open status, as on create; a new code is refused while
 * leads or opportunities hold the old one, or an active sequence names it (the update checks, so a
 * lead moved to the old code meanwhile still refuses it).
 */
export async function updateStatus(ctx: TenantCtx, id: string, change: Partial<StatusInput>): Promise<Status> {
  const status = await getStatus(ctx, id);
  const isClosed = change.isClosed ?? (change.isWon === true || status.isClosed);
  const issues = statusProblems(status.entityType, { ...change, isClosed });
  if (issues.length > 0) throw new ApiError("invalid_request", issues[0]!.message, issues);
  if (change.isDefault === false && status.isDefault)
    throw ApiError.invalidField(
      "isDefault",
      "default_required",
      `every entity type keeps one default: make another ${status.entityType} status the default instead`,
    );
  const newCode = change.code && change.code !== status.code ? change.code : null;
  if (newCode) {
    const [clash] = await ctx.db
      .select({ id: statuses.id })
      .from(statuses)
      .where(and(ownedBy(statuses, ctx), eq(statuses.entityType, status.entityType), eq(statuses.code, newCode)));
    if (clash) throw codeTaken(status.entityType, newCode);
  }
  const at = ctx.now.toISOString();
  const set = {
    ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)),
    isClosed,
    isWon: isClosed && (change.isWon ?? status.isWon),
    updatedAt: at,
  };
  // The others lose the default only when the change made this one the default (a refused code change does not).
  const nowDefault = exists(
    ctx.db
      .select({ id: target.id })
      .from(target)
      .where(and(ownedBy(target, ctx), eq(target.id, id), eq(target.isDefault, true))),
  );
  try {
    const [updated] = await ctx.db.batch([
      ctx.db
        .update(statuses)
        .set(set)
        .where(and(ownedBy(statuses, ctx), eq(statuses.id, id), newCode ? statusUnheld(ctx, status.entityType) : undefined))
        .returning(),
      ...(change.isDefault
        ? [
            ctx.db
              .update(statuses)
              .set({ isDefault: false, updatedAt: at })
              .where(and(ownedBy(statuses, ctx), eq(statuses.entityType, status.entityType), ne(statuses.id, id), nowDefault)),
          ]
        : []),
    ]);
    if (updated[0]) return updated[0];
  } catch (error) {
    // Another request took the new code after the clash look-up above.
    if (newCode && uniqueViolation(error, "statuses")) throw codeTaken(status.entityType, newCode);
    throw error;
  }
  // Nothing changed: the status is gone (404), or its code is held.
  throw await statusInUse(ctx, id, "code");
}

/**
 * Deletes a status, refused while leads or opportunities hold its code or an active sequence names
 * it (one statement checks and deletes); when it was the default, the first remaining one of its
 * type takes over.
 */
export async function deleteStatus(ctx: TenantCtx, id: string): Promise<void> {
  const status = await getStatus(ctx, id);
  const deleted = await ctx.db
    .delete(statuses)
    .where(and(ownedBy(statuses, ctx), eq(statuses.id, id), statusUnheld(ctx, status.entityType)))
    .returning({ isDefault: statuses.isDefault });
  if (deleted.length === 0) throw await statusInUse(ctx, id, "delete");
  if (!deleted[0]!.isDefault) return;
  const [next] = await listStatuses(ctx, status.entityType);
  if (next) await ctx.db.update(statuses).set({ isDefault: true, updatedAt: ctx.now.toISOString() }).where(eq(statuses.id, next.id));
}

/** The opportunity stages a tenant has before it configures any: the stage generator's template. */
export const DEFAULT_OPPORTUNITY_STAGES: StatusInput[] = [
  {
    code: "discovery",
    name: "Discovery",
    description: "Initial qualification",
    color: "blue",
    sortOrder: 0,
    isDefault: true,
    defaultProbability: 10,
  },
  { code: "demo", name: "Demo", description: "Product demonstration", color: "cyan", sortOrder: 1, defaultProbability: 25 },
  { code: "proposal", name: "Proposal", description: "Commercial proposal sent", color: "violet", sortOrder: 2, defaultProbability: 60 },
  { code: "negotiation", name: "Negotiation", description: "Terms under discussion", color: "amber", sortOrder: 3, defaultProbability: 80 },
  {
    code: "closed_won",
    name: "Closed Won",
    description: "Deal won",
    color: "green",
    sortOrder: 5,
    isClosed: true,
    isWon: true,
    defaultProbability: 100,
  },
  {
    code: "closed_lost",
    name: "Closed Lost",
    description: "Deal lost",
    color: "red",
    sortOrder: 6,
    isClosed: true,
    isWon: false,
    defaultProbability: 0,
  },
];

/** The statuses a lead, or stages an opportunity, may take: the tenant's, else the defaults. */
export async function statusesFor(
  ctx: TenantCtx,
  entityType: EntityType,
): Promise<Pick<Status, "code" | "name" | "isClosed" | "isWon" | "isDefault" | "defaultProbability">[]> {
  const configured = await listStatuses(ctx, entityType);
  if (configured.length > 0) return configured;
  return (entityType === "lead" ? DEFAULT_LEAD_STATUSES : DEFAULT_OPPORTUNITY_STAGES).map((s, i) => row(ctx, entityType, s, i));
}

/**
 * Whether a lead in status `code` is closed, and won: as the tenant's lead statuses say, else as the
 * built-in codes do. A lead can hold a code outside the tenant's list (feedback sets `converted` or
 * `returned`; the tenant's first own status replaces the defaults), and is no less closed for it.
 */
export async function leadStatusState(ctx: TenantCtx, code: string): Promise<Pick<Status, "isClosed" | "isWon">> {
  const status = (await statusesFor(ctx, "lead")).find((s) => s.code === code);
  if (status) return { isClosed: status.isClosed, isWon: status.isWon };
  return { isClosed: WON_CODES.has(code) || LOST_CODES.has(code), isWon: WON_CODES.has(code) };
}
