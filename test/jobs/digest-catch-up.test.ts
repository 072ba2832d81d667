import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Flow } from "../../src/db/schema";
import { recentDigestWindows, sendDigests } from "../../src/domain/flows/notification-emails";
import { createSender } from "../support/email";
import { call, createFlow, createTenant } from "../support/http";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const digests = (tenantId: string) =>
  env.DB.prepare("SELECT id, subject FROM messages WHERE tenant_id = ? AND purpose = 'notification' ORDER BY id")
    .bind(tenantId)
    .all<{ id: string; subject: string }>()
    .then((r) => r.results);

/** A tenant with a sender and a flow digesting `frequency`, and the time its one accepted lead came in. */
async function digestFlowWithLead(frequency: "hourly" | "daily", name: string) {
  const t = await createTenant();
  await createSender(t.liveKey);
  const flow = await createFlow(t.liveKey, {
    name,
    settings: { timezone: "UTC", notifications: { email: "ops@acme.example", email_frequency: frequency } },
  });
  const lead = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "ada@globex.example" } } });
  expect(lead.json.status).toBe("accepted");
  return { tenant: t, flow, at: Date.parse(lead.json.created_at) };
}

/** The hourly cron's time (:17) `hours` after the hour `at` falls in ends. */
const cronAfter = (at: number, hours: number) => new Date(Math.floor(at / HOUR) * HOUR + hours * HOUR + 17 * 60_000);

describe("digest cron catch-up", () => {
  it("a flow whose digest write fails does not stop the next flow's digest, and a later run writes the failed one", async () => {
    const failing = await digestFlowWithLead("hourly", "Failing");
    const healthy = await digestFlowWithLead("hourly", "Healthy");
    // The failing flow sorts first; its message insert fails as a D1 outage would.
    expect(failing.flow.id < healthy.flow.id).toBe(true);
    await env.DB.prepare(
      `CREATE TRIGGER digest_outage BEFORE INSERT ON messages WHEN NEW.tenant_id = '${failing.tenant.id}'
       BEGIN SELECT RAISE(ABORT, 'D1 unavailable'); END`,
    ).run();
    try {
      await sendDigests(env, cronAfter(failing.at, 1));
    } finally {
      await env.DB.prepare("DROP TRIGGER digest_outage").run();
    }
    expect(await digests(failing.tenant.id)).toEqual([]);
    expect(await digests(healthy.tenant.id)).toEqual([
      { id: expect.stringMatching(`^msg_digest_${healthy.flow.id}_`), subject: expect.stringMatching(/^1 lead accepted in Healthy/) },
    ]);

    await sendDigests(env, cronAfter(failing.at, 2));
    expect((await digests(failing.tenant.id)).map((m) => m.subject)).toEqual([expect.stringMatching(/^1 lead accepted in Failing/)]);
    expect(await digests(healthy.tenant.id)).toHaveLength(1);
  });

  it("hourly: a missed hour is written by the next run, once however many runs look at it", async () => {
    const { tenant, flow, at } = await digestFlowWithLead("hourly", "Missed hour");
    const hourStart = Math.floor(at / HOUR) * HOUR;
    // The run of the hour after never came; the one an hour later digests the hour anyway.
    await sendDigests(env, cronAfter(at, 2));
    await sendDigests(env, cronAfter(at, 3));
    await sendDigests(env, cronAfter(at, 3));
    await sendDigests(env, cronAfter(at, 4));
    expect(await digests(tenant.id)).toEqual([
      {
        id: `msg_digest_${flow.id}_${hourStart}`,
        subject: `1 lead accepted in Missed hour (hour from ${new Date(hourStart).toISOString()})`,
      },
    ]);
  });

  it("daily: a missed day is written by the next day's runs, once", async () => {
    const { tenant, flow, at } = await digestFlowWithLead("daily", "Missed day");
    const dayStart = Math.floor(at / DAY) * DAY;
    // No run on the day after; the runs of the day after that still digest the lead's day.
    await sendDigests(env, new Date(dayStart + 2 * DAY + 17 * 60_000));
    await sendDigests(env, new Date(dayStart + 2 * DAY + HOUR + 17 * 60_000));
    expect(await digests(tenant.id)).toEqual([
      { id: `msg_digest_${flow.id}_${dayStart}`, subject: `1 lead accepted in Missed day (day from ${new Date(dayStart).toISOString()})` },
    ]);
  });

  it("a digest held back while no sender is on a declared domain is written by a later run once one is", async () => {
    const { tenant, flow, at } = await digestFlowWithLead("hourly", "Undeclared");
    const declare = (domain: string) =>
      call("/api/v1/account", { key: tenant.liveKey, method: "PATCH", body: { sending_domains: [domain] } });
    expect((await declare("elsewhere.example")).status).toBe(200);
    expect(await sendDigests(env, cronAfter(at, 1))).toBe(0);
    expect(await digests(tenant.id)).toEqual([]);

    expect((await declare("acme.example")).status).toBe(200);
    expect(await sendDigests(env, cronAfter(at, 2))).toBe(1);
    const hourStart = Math.floor(at / HOUR) * HOUR;
    expect(await digests(tenant.id)).toEqual([
      {
        id: `msg_digest_${flow.id}_${hourStart}`,
        subject: `1 lead accepted in Undeclared (hour from ${new Date(hourStart).toISOString()})`,
      },
    ]);
  });

  it("daily: a daylight-saving change moves no window, so the runs before and after it digest the same day", () => {
    const paris = { settings: { timezone: "Europe/Paris", notifications: { email_frequency: "daily" } } } as unknown as Flow;
    // Paris moves from +01:00 to +02:00 at 01:00 UTC on 31 March 2024.
    const beforeChange = recentDigestWindows(paris, Date.parse("2024-03-31T00:17:00Z"));
    const afterChange = recentDigestWindows(paris, Date.parse("2024-03-31T05:17:00Z"));
    expect(afterChange).toEqual(beforeChange);
    expect(afterChange.at(-1)).toEqual({ start: Date.parse("2024-03-29T23:00:00Z"), end: Date.parse("2024-03-30T23:00:00Z") });
    // The day of the change has 23 hours.
    const nextDay = recentDigestWindows(paris, Date.parse("2024-04-01T00:17:00Z")).at(-1);
    expect(nextDay).toEqual({ start: Date.parse("2024-03-30T23:00:00Z"), end: Date.parse("2024-03-31T22:00:00Z") });
  });

  it("daily: a midnight the clocks skip starts the day when they jump, leaving no hour to the day before", () => {
    const santiago = { settings: { timezone: "America/Santiago", notifications: { email_frequency: "daily" } } } as unknown as Flow;
    // Santiago skips from 00:00 (-04:00) to 01:00 (-03:00) on 7 September 2025, at 04:00 UTC.
    const days = recentDigestWindows(santiago, Date.parse("2025-09-09T12:17:00Z"));
    expect(days).toEqual([
      { start: Date.parse("2025-09-07T04:00:00Z"), end: Date.parse("2025-09-08T03:00:00Z") },
      { start: Date.parse("2025-09-08T03:00:00Z"), end: Date.parse("2025-09-09T03:00:00Z") },
    ]);
    const before = recentDigestWindows(santiago, Date.parse("2025-09-07T12:17:00Z")).at(-1);
    expect(before).toEqual({ start: Date.parse("2025-09-06T04:00:00Z"), end: Date.parse("2025-09-07T04:00:00Z") });
  });

  it("hourly: runs on either side of a half-hour shift (Lord Howe) see the same local hours, none overlapping", () => {
    const lordHowe = { settings: { timezone: "Australia/Lord_Howe", notifications: { email_frequency: "hourly" } } } as unknown as Flow;
    // Lord Howe moves from +10:30 to +11:00 at 02:00 local on 6 October 2024 (15:30 UTC on the 5th).
    const before = recentDigestWindows(lordHowe, Date.parse("2024-10-05T15:17:00Z"));
    const after = recentDigestWindows(lordHowe, Date.parse("2024-10-05T16:17:00Z"));
    const windows = [...new Map([...before, ...after].map((w) => [w.start, w])).values()].sort((a, b) => a.start - b.start);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.start).toBe(windows[i - 1]!.end);
    expect(after.at(-1)).toEqual({ start: Date.parse("2024-10-05T15:30:00Z"), end: Date.parse("2024-10-05T16:00:00Z") });
  });
});
