import { and, eq } from "drizzle-orm";
import { scoringSettings } from "../../db/schema";
import { configOf } from "../../platform/config";
import { ApiError } from "../../platform/errors";
import type { Ctx, TenantCtx } from "../context";

/** Deal value assumed until a tenant sets one or its conversions carry values of their own (USD). */
export const DEFAULT_DEAL_VALUE = 25_000;
/** The seed: `lead.hot` is score >= 90. With scores as percentiles, hot is the top decile. */
export const DEFAULT_THRESHOLDS = { hot: 90, warm: 50 };

export interface Settings {
  thresholds: { hot: number; warm: number };
  /** The tenant's expected deal value; a trained model's learned value comes first. */
  dealValue: number;
  /** Conversions (and non-conversions) needed before a model of its own may replace the prior. */
  minOutcomesPerClass: number;
  updatedAt: string | null;
}

export interface SettingsChange {
  hot_threshold?: number | null;
  warm_threshold?: number | null;
  deal_value?: number | null;
  min_outcomes_per_class?: number | null;
}

type Owner = { tenantId: string; testMode: boolean };

export async function settingsOf(ctx: Ctx, owner: Owner): Promise<Settings> {
  const [row] = await ctx.db
    .select()
    .from(scoringSettings)
    .where(and(eq(scoringSettings.tenantId, owner.tenantId), eq(scoringSettings.testMode, owner.testMode)))
    .limit(1);
  return {
    thresholds: { hot: row?.hotThreshold ?? DEFAULT_THRESHOLDS.hot, warm: row?.warmThreshold ?? DEFAULT_THRESHOLDS.warm },
    dealValue: row?.dealValue ?? DEFAULT_DEAL_VALUE,
    minOutcomesPerClass: row?.minOutcomesPerClass ?? configOf(ctx.env).scoringMinOutcomesPerClass,
    updatedAt: row?.updatedAt ?? null,
  };
}

export const tenantSettings = (ctx: TenantCtx) => settingsOf(ctx, { tenantId: ctx.tenant.id, testMode: ctx.testMode });

/** The value a setting is stored with after a change: absent keeps the stored one, `null` stores no value (the default). */
const storedAfter = <T>(changed: T | null | undefined, stored: T | null | undefined): T | null =>
  changed === undefined ? (stored ?? null) : changed;

/** Changes some settings; `null` returns one to its default. */
export async function updateSettings(ctx: TenantCtx, change: SettingsChange): Promise<Settings> {
  const current = await tenantSettings(ctx);
  // The order is checked on the values that will apply, so a threshold returned to its default counts as that default.
  const hot = change.hot_threshold === undefined ? current.thresholds.hot : (change.hot_threshold ?? DEFAULT_THRESHOLDS.hot);
  const warm = change.warm_threshold === undefined ? current.thresholds.warm : (change.warm_threshold ?? DEFAULT_THRESHOLDS.warm);
  if (warm >= hot) {
    const field = change.warm_threshold !== undefined ? "warm_threshold" : "hot_threshold";
    throw ApiError.invalidField(field, "out_of_range", `warm_threshold (${warm}) must be below hot_threshold (${hot})`);
  }
  const [row] = await ctx.db
    .select()
    .from(scoringSettings)
    .where(and(eq(scoringSettings.tenantId, ctx.tenant.id), eq(scoringSettings.testMode, ctx.testMode)))
    .limit(1);
  const next = {
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    hotThreshold: storedAfter(change.hot_threshold, row?.hotThreshold),
    warmThreshold: storedAfter(change.warm_threshold, row?.warmThreshold),
    dealValue: storedAfter(change.deal_value, row?.dealValue),
    minOutcomesPerClass: storedAfter(change.min_outcomes_per_class, row?.minOutcomesPerClass),
    updatedAt: ctx.now.toISOString(),
  };
  await ctx.db
    .insert(scoringSettings)
    .values(next)
    .onConflictDoUpdate({ target: [scoringSettings.tenantId, scoringSettings.testMode], set: next });
  return tenantSettings(ctx);
}
