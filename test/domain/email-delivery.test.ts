import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../src/db/bulk";
import { openDatabase } from "../../src/db/database";
import { backgroundCtx, type TenantCtx } from "../../src/domain/context";
import { deliver, giveUp, planDelivery } from "../../src/domain/email/delivery";
import { prepareMessage, recipientLead } from "../../src/domain/email/messages";
import { nextSendTime } from "../../src/domain/email/send-window";
import { getSender } from "../../src/domain/email/senders";
import { actingFor } from "../../src/domain/tenancy/tenants";
import { count } from "../support/db";
import { createLead, createSender } from "../support/email";
import { failingNthBatch } from "../support/faults";
import { createTenant } from "../support/http";

const statusOf = (id: string) =>
  env.DB.prepare("SELECT status, attempts, error, provider_message_id FROM messages WHERE id = ?").bind(id).first<any>();

/** Messages written as POST /api/v1/messages writes them, but not handed to a Workflow: the test drives the steps. */
async function queued(senderBody: Record<string, unknown> = {}, n = 1, bindings: Partial<Env> = {}) {
  const t = await createTenant();
  const senderJson = await createSender(t.liveKey, senderBody);
  const ctx: TenantCtx = {
    ...(await actingFor(
      backgroundCtx({ ...env, ...bindings }, () => {}),
      { tenantId: t.id, testMode: false },
    )),
  };
  const sender = await getSender(ctx, senderJson.id);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const lead = await recipientLead(ctx, await createLead(t.liveKey, { first_name: `P${i}`, email: `p${i}-${t.id}@globex.example` }));
    const { message, statements } = await prepareMessage(
      ctx,
      sender,
      lead,
      { subject: "Hi {{lead.first_name}}", text: "Hello" },
      "https://leads.acme.example",
    );
    await runBatch(ctx.db, statements);
    ids.push(message.id);
  }
  return { ctx, ids };
}

describe("sending one message", () => {
  it("gives up on a message an attempt left sending as outcome unknown (it may have gone), on a queued one as given up", async () => {
    const { ctx, ids } = await queued({}, 2);
    const [sending, waiting] = ids as [string, string];
    const crashing = { ...ctx, db: openDatabase(failingNthBatch(env.DB, 1)) };
    await expect(deliver(crashing, sending)).rejects.toThrow("injected");
    await giveUp(ctx, sending, "gave up after retries: Error: step timed out");
    await giveUp(ctx, waiting, "gave up after retries: Error: busy");
    expect(await statusOf(sending)).toMatchObject({
      status: "failed",
      error: "outcome unknown: gave up after retries: Error: step timed out; not sent again, so it cannot arrive twice",
    });
    expect(await statusOf(waiting)).toMatchObject({ status: "failed", error: "gave up after retries: Error: busy" });
  });

  it("never sends twice: a crash between handing the email over and recording it ends as failed, outcome unknown", async () => {
    const { ctx, ids } = await queued();
    const [id] = ids as [string];
    const crashing = { ...ctx, db: openDatabase(failingNthBatch(env.DB, 1)) };
    await expect(deliver(crashing, id)).rejects.toThrow("injected");
    expect(await statusOf(id)).toMatchObject({ status: "sending" });
    expect(await count("SELECT COUNT(*) n FROM email_log WHERE message_id = ?", id)).toBe(1);

    expect(await deliver(ctx, id)).toEqual({ status: "failed" });
    expect((await statusOf(id)).error).toMatch(/^outcome unknown/);
    expect(await count("SELECT COUNT(*) n FROM email_log WHERE message_id = ?", id)).toBe(1);
    expect(await deliver(ctx, id)).toEqual({ status: "failed" });
    expect(await count("SELECT COUNT(*) n FROM email_log WHERE message_id = ?", id)).toBe(1);
  });

  it("hands the cloudflare transport's binding the whole email; a transient failure goes back to queued, a permanent one fails", async () => {
    const calls: any[] = [];
    let answer: "busy" | "ok" | "refuse" = "busy";
    const EMAIL = {
      async send(builder: any) {
        calls.push(builder);
        if (answer === "busy") throw new Error("Service temporarily unavailable");
        if (answer === "refuse") throw new Error("sender domain is not verified");
        return { messageId: `cf-${calls.length}` };
      },
    } as unknown as SendEmail;
    const { ctx, ids } = await queued({ transport: "cloudflare", from_name: "Maya from Acme" }, 2, { EMAIL });
    const [first, second] = ids as [string, string];
    await expect(deliver(ctx, first)).rejects.toThrow("temporarily unavailable");
    expect(await statusOf(first)).toMatchObject({ status: "queued", attempts: 1 });
    answer = "ok";
    expect(await deliver(ctx, first)).toEqual({ status: "sent" });
    expect(await statusOf(first)).toMatchObject({ status: "sent", attempts: 2, provider_message_id: "cf-2" });
    expect(calls[1]).toMatchObject({
      from: { email: "maya@acme.example", name: "Maya from Acme" },
      to: expect.stringMatching(/^p0-.*@globex\.example$/),
      subject: "Hi P0",
      text: expect.stringContaining("Unsubscribe: https://leads.acme.example/t/u/u.msg_"),
      headers: {
        "Message-ID": expect.stringMatching(/^<r\.msg_[a-z0-9]+\.[0-9a-f]{24}@acme\.example>$/),
        "List-Unsubscribe": expect.stringMatching(/^<https:\/\/leads\.acme\.example\/t\/u\/u\.msg_/),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
    answer = "refuse";
    expect(await deliver(ctx, second)).toEqual({ status: "failed" });
    expect((await statusOf(second)).error).toContain("not verified");
  });

  it("admits exactly the sender's daily limit when many messages plan at once; the rest wait for the next day's window", async () => {
    const { ctx, ids } = await queued({ daily_limit: 3, time_zone: "Europe/Berlin" }, 8);
    const plans = await Promise.all(ids.map((id) => planDelivery(ctx, id)));
    expect(plans.filter((p) => p.kind === "send")).toHaveLength(3);
    const waits = plans.filter((p) => p.kind === "wait");
    expect(waits).toHaveLength(5);
    expect(new Set(waits.map((w) => (w.kind === "wait" ? w.reason : "")))).toEqual(new Set(["daily_limit"]));
    // Planning again keeps each message's own place: still three.
    expect((await Promise.all(ids.map((id) => planDelivery(ctx, id)))).filter((p) => p.kind === "send")).toHaveLength(3);
  });

  it("waits for the sender's window, and a suppressed address is never handed over", async () => {
    const { ctx, ids } = await queued({ time_zone: "Pacific/Kiritimati", send_window: { days: [1], start: "00:00", end: "00:01" } }, 1);
    const plan = await planDelivery({ ...ctx, now: new Date("2026-12-02T12:00:00Z") }, ids[0]!);
    expect(plan).toEqual({ kind: "wait", reason: "send_window", until: "2026-12-06T10:00:00.000Z" });
    await env.DB.prepare(
      "INSERT INTO suppressions (tenant_id, test_mode, email, reason, created_at) SELECT tenant_id, test_mode, to_email, 'manual', '2026-12-02' FROM messages WHERE id = ?",
    )
      .bind(ids[0])
      .run();
    expect(await planDelivery(ctx, ids[0]!)).toEqual({ kind: "done", status: "suppressed" });
    expect(await count("SELECT COUNT(*) n FROM email_log WHERE message_id = ?", ids[0])).toBe(0);
  });
});

describe("send windows", () => {
  const WEEKDAYS = { days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00" };
  it("open at the next local working morning, across a weekend and a daylight-saving change", () => {
    // Saturday in Berlin (UTC+1 in December) -> Monday 08:00 local.
    expect(nextSendTime(new Date("2026-12-05T10:00:00Z"), WEEKDAYS, "Europe/Berlin").toISOString()).toBe("2026-12-07T07:00:00.000Z");
    // Inside the window: now.
    expect(nextSendTime(new Date("2026-12-07T09:30:00Z"), WEEKDAYS, "Europe/Berlin").toISOString()).toBe("2026-12-07T09:30:00.000Z");
    // Friday 18:30 EST, then New York moves to EDT on Sunday 8 March: Monday 08:00 is 12:00 UTC, not 13:00.
    expect(nextSendTime(new Date("2026-03-06T23:30:00Z"), WEEKDAYS, "America/New_York").toISOString()).toBe("2026-03-09T12:00:00.000Z");
    // No window: any time.
    expect(nextSendTime(new Date("2026-12-05T10:00:00Z"), null, "UTC").toISOString()).toBe("2026-12-05T10:00:00.000Z");
  });
});
