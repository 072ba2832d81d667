export const PLANS = ["starter", "growth", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

/** A fixed window of `seconds`, aligned to the UTC clock, allowing `limit` requests. */
export interface QuotaWindow {
  name: "burst" | "hourly" | "daily";
  limit: number;
  seconds: number;
}

// The seeds' numbers: starter 1,000/hour and 10,000/day with bursts of 100/minute, growth
// 10,000/hour and 100,000/day, enterprise unlimited (no windows at all).
export const PLAN_QUOTAS: Record<Plan, QuotaWindow[]> = {
  starter: [
    { name: "burst", limit: 100, seconds: 60 },
    { name: "hourly", limit: 1_000, seconds: 3_600 },
    { name: "daily", limit: 10_000, seconds: 86_400 },
  ],
  growth: [
    { name: "hourly", limit: 10_000, seconds: 3_600 },
    { name: "daily", limit: 100_000, seconds: 86_400 },
  ],
  enterprise: [],
};

/** Leads a tenant may request from lead generation per calendar month (UTC). */
export const LEAD_GENERATION_MONTHLY: Record<Plan, number> = { starter: 100, growth: 1_000, enterprise: 10_000 };

/** The calendar month (UTC) `now` falls in: the period of the lead-generation quota and of usage figures. */
export function calendarMonth(now: Date): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}
