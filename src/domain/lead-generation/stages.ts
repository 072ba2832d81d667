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

/** The expected time of these stages: the mean each took in the tenant's last 20 finished commands. */
export async function estimateMs(ctx: TenantCtx, stages: readonly Stage[]): Promise<number> {
  const recent = await ctx.db
    .select({ stageTimings: leadGenerationCommands.stageTimings })
    .from(leadGenerationCommands)
    .where(and(ownedBy(leadGenerationCommands, ctx), eq(leadGenerationCommands.status, "completed")))
    .orderBy(desc(leadGenerationCommands.createdAt))
    .limit(20);
  return stages.reduce((total, stage) => {
    const measured = recent.map((c) => c.stageTimings[stage]).filter((ms): ms is number => typeof ms === "number");
    return total + (measured.length ? measured.reduce((a, b) => a + b, 0) / measured.length : ASSUMED_MS[stage]);
  }, 0);
}

/** "00:05:30" */
export function hhmmss(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
}

/** Records that a stage finished: the stage, its share of the work, its counts and how long it took. */
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
      .set({ stage, progressPercentage: DONE_PERCENTAGE[stage], updatedAt: ctx.now.toISOString(), ...counts })
      .where(and(command, eq(leadGenerationCommands.status, "processing"))),
  ]);
}
