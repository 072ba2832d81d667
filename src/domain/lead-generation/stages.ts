import { and, desc, eq, sql } from "drizzle-orm";
import { type CommandStage, leadGenerationCommands } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import type { TenantCtx } from "../context";

/** The seed's stages, in order, with the share of the work done when each has finished. */
export const STAGES = [
  "analysis",
  "research",
  "verification",
  "scoring",
  "enrichment",
  "delivery",
] as const satisfies readonly CommandStage[];
export type Stage = (typeof STAGES)[number];
export const DONE_PERCENTAGE: Record<Stage, number> = {
  analysis: 15,
  research: 40,
  verification: 65,
  scoring: 75,
  enrichment: 85,
  delivery: 100,
};

// Until a tenant has finished commands to measure, each stage is assumed to take this long (ms).
const ASSUMED_MS: Record<Stage, number> = {
  analysis: 500,
  research: 1_500,
  verification: 1_500,
  scoring: 300,
  enrichment: 300,
  delivery: 1_000,
};

/** What an estimate rests on: every stage measured, none (the assumed times), or some of each. */
export type EstimateBasis = "measured" | "defaults" | "partly_measured";

export interface Estimate {
  ms: number;
  basis: EstimateBasis;
  /** The expected time of each stage. */
  stages: Partial<Record<Stage, number>>;
}

/**
 * The expected time of these stages: the mean each took in the tenant's last 20 completed
 * commands, or the assumed time of a stage none of them measured; `basis` says which.
 */
export async function estimate(ctx: TenantCtx, stages: readonly Stage[]): Promise<Estimate> {
  const recent = await ctx.db
    .select({ stageTimings: leadGenerationCommands.stageTimings })
    .from(leadGenerationCommands)
    .where(and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.status, "completed")))
    .orderBy(desc(leadGenerationCommands.createdAt))
    .limit(20);
  const each: Partial<Record<Stage, number>> = {};
  let measuredStages = 0;
  for (const stage of stages) {
    const measured = recent.map((c) => c.stageTimings[stage]).filter((t): t is number => typeof t === "number");
    if (measured.length) measuredStages++;
    each[stage] = measured.length ? measured.reduce((a, b) => a + b, 0) / measured.length : ASSUMED_MS[stage];
  }
  const ms = Object.values(each).reduce((a, b) => a + b, 0);
  const basis = measuredStages === stages.length ? "measured" : measuredStages === 0 ? "defaults" : "partly_measured";
  return { ms, basis, stages: each };
}

/** Records that a stage started: the status shows it as the running stage from now on. */
export async function startStage(ctx: TenantCtx, commandId: string, stage: Stage): Promise<void> {
  await ctx.db
    .update(leadGenerationCommands)
    .set({ stage, updatedAt: ctx.now.toISOString() })
    .where(
      and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, commandId), eq(leadGenerationCommands.status, "processing")),
    );
}

/** "00:05:30" */
export function hhmmss(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
}

/** Records that a stage finished: its share of the work, its counts and how long it took. */
export async function recordStage(
  ctx: TenantCtx,
  commandId: string,
  stage: Stage,
  tookMs: number,
  counts: { leadsFound?: number; leadsVerified?: number } = {},
): Promise<void> {
  const command = and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.id, commandId));
  const timings = sql`json_set(${leadGenerationCommands.stageTimings}, ${`$.${stage}`}, ${Math.round(tookMs)})`;
  await ctx.db.batch([
    // The time is kept whatever the status (delivery has completed the command by now).
    ctx.db.update(leadGenerationCommands).set({ stageTimings: timings }).where(command),
    ctx.db
      .update(leadGenerationCommands)
      .set({ progressPercentage: DONE_PERCENTAGE[stage], updatedAt: ctx.now.toISOString(), ...counts })
      .where(and(command, eq(leadGenerationCommands.status, "processing"))),
  ]);
}
