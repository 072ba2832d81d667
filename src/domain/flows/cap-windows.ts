import type { FlowSettings } from "../../db/json/flows";

/** A volume-cap window of a flow, already placed in time (the flow's time zone decides where). */
export interface CapWindow {
  name: "hourly" | "daily";
  limit: number;
  /** Window start and end, epoch milliseconds. */
  start: number;
  reset: number;
}

/** A cap window's count as the flow gate reports it. */
export interface CapState {
  name: CapWindow["name"];
  limit: number;
  used: number;
  remaining: number;
  resets_at: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Milliseconds the zone is ahead of UTC at `at` (negative west of Greenwich). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The flow's cap windows containing `now`: local clock hours and local days. On a day when the
 * clocks change the day window is still taken as 24 h, so that day's reset is off by the change.
 */
export function capWindows(settings: FlowSettings, now: number): CapWindow[] {
  const cap = settings.volume_cap;
  if (!cap) return [];
  const offset = zoneOffsetMs(settings.timezone, now);
  const local = now + offset;
  const windows: CapWindow[] = [];
  if (cap.hourly_limit != null) {
    const start = Math.floor(local / HOUR) * HOUR - offset;
    windows.push({ name: "hourly", limit: cap.hourly_limit, start, reset: start + HOUR });
  }
  if (cap.daily_limit != null) {
    const start = Math.floor(local / DAY) * DAY - offset;
    windows.push({ name: "daily", limit: cap.daily_limit, start, reset: start + DAY });
  }
  return windows;
}
