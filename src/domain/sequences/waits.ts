import type { SendWindow } from "../../db/json/email";
import type { DefinitionNode } from "../../db/json/sequences";
import { isTimeZone, localTime, minutesOf, nextSendTime } from "../email/send-window";
import { DEFAULT_CONDITION_TIMEOUT } from "./nodes";

// When a wait node ends and how long an engagement condition waits, in the lead's time zone.
// Pure: the Workflow asks once per node (in a step) and sleeps until the answer.

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

/** The lead's own zone (custom field `time_zone` or `timezone`, an IANA name) wins; else `fallback`. */
export function leadTimeZone(customFields: Record<string, unknown>, fallback: string): string {
  for (const key of ["time_zone", "timezone", "timeZone"]) {
    const value = customFields[key];
    if (typeof value === "string" && isTimeZone(value)) return value;
  }
  return fallback;
}

const WEEKDAYS_ONLY = { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5] };

/**
 * The instant a wait node ends, started at `from`, in `timeZone`, then pushed to when the sender's
 * send window next opens there (the email after the wait would wait for it anyway; a condition
 * after it should count from then). Scaled by `scale` (SEQUENCE_TIME_SCALE) as a whole.
 */
export function waitEnd(node: DefinitionNode, from: Date, timeZone: string, scale: number, window: SendWindow | null = null): Date {
  const aligned = nextSendTime(unalignedEnd(node, from, timeZone), window, timeZone);
  return new Date(from.getTime() + (aligned.getTime() - from.getTime()) * scale);
}

/**
 * business_days skip Saturdays and Sundays in the lead's zone; `untilTime` (with `untilWeekday`)
 * is the next such local time after `from`.
 */
function unalignedEnd(node: DefinitionNode, from: Date, timeZone: string): Date {
  const { duration, durationUnit, untilTime, untilWeekday } = node.data;
  if (typeof untilTime === "string") {
    const at = minutesOf(untilTime);
    const window = {
      start: untilTime,
      end: `${String(Math.floor((at + 1) / 60)).padStart(2, "0")}:${String((at + 1) % 60).padStart(2, "0")}`,
      days: typeof untilWeekday === "number" ? [untilWeekday] : [1, 2, 3, 4, 5, 6, 7],
    };
    return nextSendTime(new Date(from.getTime() + 60_000), window, timeZone);
  }
  const count = typeof duration === "number" ? duration : 0;
  if (durationUnit === "business_days") {
    let end = from.getTime();
    for (let left = count; left > 0; ) {
      end += UNIT_MS.days!;
      const weekday = localTime(new Date(end), timeZone).weekday;
      if (weekday <= 5) left--;
    }
    // A start on a weekend counts from Monday's same local time.
    return nextSendTime(new Date(end), WEEKDAYS_ONLY, timeZone);
  }
  return new Date(from.getTime() + count * (UNIT_MS[String(durationUnit)] ?? UNIT_MS.days!));
}

/** How long an engagement condition waits for its event, in milliseconds. */
export function conditionTimeoutMs(node: DefinitionNode, scale: number): number {
  const { timeout, timeoutUnit } = node.data;
  const count = typeof timeout === "number" ? timeout : DEFAULT_CONDITION_TIMEOUT.duration;
  const unit = UNIT_MS[typeof timeoutUnit === "string" && timeoutUnit !== "business_days" ? timeoutUnit : DEFAULT_CONDITION_TIMEOUT.unit]!;
  return Math.max(1000, Math.round(count * unit * scale));
}
