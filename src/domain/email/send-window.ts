import type { SendWindow } from "../../db/json/email";

// A sender's hours, in its own time zone. Wall-clock arithmetic goes through Intl (the runtime's
// time-zone data), so daylight-saving changes land where the zone says.

export interface LocalTime {
  /** YYYY-MM-DD, the day a daily limit counts. */
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows the zone (an IANA name such as Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  try {
    formatterOf(name);
    return true;
  } catch {
    return false;
  }
}

function wallClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const w = wallClock(at, timeZone);
  const weekday = ((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7) + 1;
  const date = `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
  return { date, weekday, minutes: w.hour * 60 + w.minute };
}

/** The instant a wall-clock time happens in the zone (the earlier one when a change repeats it). */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const target = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    guess += target - shown;
  }
  return new Date(guess);
}

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** `at` itself when it is inside the window, else when the window next opens. */
export function nextSendTime(at: Date, window: SendWindow | null, timeZone: string): Date {
  if (!window) return at;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const now = localTime(at, timeZone);
  if (window.days.includes(now.weekday) && now.minutes >= start && now.minutes < end) return at;
  const [y, m, d] = now.date.split("-").map(Number) as [number, number, number];
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = new Date(Date.UTC(y, m - 1, d + ahead));
    const weekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!window.days.includes(weekday)) continue;
    const opening = instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), start, timeZone);
    if (opening.getTime() > at.getTime()) return opening;
  }
  throw new Error("send window has no day");
}

/** When the next local day's window opens: a sender at its daily limit waits for it. */
export function nextDayOpening(at: Date, window: SendWindow | null, timeZone: string): Date {
  const now = localTime(at, timeZone);
  const [y, m, d] = now.date.split("-").map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1));
  const midnight = instantOf(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), 0, timeZone);
  return nextSendTime(midnight, window, timeZone);
}
