import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { count } from "../../support/db";
import { call, createTenant, type TestTenant } from "../../support/http";
import { activeSequence, chain, email, enroll, enrollmentReaches, heldByClick, senderAndLead } from "../../support/sequences";

// What happens to an enrollment's email already queued (its own Workflow waiting for the sender's
// window or daily limit) when the enrollment is cancelled, exits, pauses or completes, and what
// deleting a sequence does to its enrollments. Each email's first plan fails once here, so it
// stays queued for the 5 seconds of the step's retry delay while the test changes the enrollment.

const rowOf = (leadId: string) =>
  env.DB.prepare("SELECT id, status, error FROM messages WHERE lead_id = ? ORDER BY created_at").bind(leadId).all<any>();
/** The lead's only message once it is written (queued: its first plan is being retried). */
async function queuedEmail(leadId: string) {
  let rows: any[] = [];
  await vi.waitFor(
    async () => {
      rows = (await rowOf(leadId)).results;
      expect(rows.map((r) => r.status)).toEqual(["queued"]);
    },
    { timeout: 10_000, interval: 50 },
  );
  return rows[0].id as string;
}
async function messageReaches(id: string, status: string) {
  let row: any;
  await vi.waitFor(
    async () => {
      row = await env.DB.prepare("SELECT status, error FROM messages WHERE id = ?").bind(id).first<any>();
      expect(row.status).toBe(status);
    },
    { timeout: 15_000, interval: 100 },
  );
  return row;
}
const eventsOf = async (id: string) =>
  (await env.DB.prepare("SELECT type, data FROM message_events WHERE message_id = ?").bind(id).all<any>()).results.map((e) => ({
    type: e.type,
    data: JSON.parse(e.data),
  }));
const logged = (id: string) => count("SELECT COUNT(*) n FROM email_log WHERE message_id = ?", id);
const post = (t: TestTenant, path: string) => call(path, { key: t.liveKey, method: "POST" });

/** The email Workflows, each first plan failing once; and what each plan decided, once all have. */
async function heldEmails() {
  const sends = await introspectWorkflow(env.EMAIL_SEND);
  await sends.modifyAll((m) => m.mockStepError({ name: "plan 0" }, new Error("held by the test"), 1));
  return sends;
}
const plans = async (sends: Awaited<ReturnType<typeof heldEmails>>) =>
  Promise.all((await sends.get()).map((send) => send.waitForStepResult({ name: "plan 0" })));

describe("an enrollment's queued email", () => {
  it("is not sent once the enrollment is cancelled: it fails with the reason; a completed enrollment's last email goes", async () => {
    await using sends = await heldEmails();
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const { leadId: other } = await senderAndLead(t);
    const held = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    const last = (await enroll(t, await activeSequence(t, chain([email("email-1", sender.id)])), [other])).enrollments[0].id;
    const cancelledEmail = await queuedEmail(leadId);
    const lastEmail = await queuedEmail(other);
    expect((await post(t, `/v1/enrollments/${held}/cancel`)).json.data).toMatchObject({ status: "cancelled", exit_reason: "cancelled" });
    expect(await messageReaches(cancelledEmail, "failed")).toEqual({ status: "failed", error: "not sent: the enrollment was cancelled" });
    expect(await eventsOf(cancelledEmail)).toEqual([{ type: "failed", data: { reason: "not sent: the enrollment was cancelled" } }]);
    await enrollmentReaches(t, last, "completed");
    expect(await messageReaches(lastEmail, "sent")).toEqual({ status: "sent", error: null });
    expect((await plans(sends)).sort((a: any, b: any) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: "done", status: "failed" },
      { kind: "send" },
    ]);
    expect(await logged(cancelledEmail)).toBe(0);
    expect(await logged(lastEmail)).toBe(1);
  });

  it("is not sent when its enrollment ended before the email's Workflow looked (the cancel raced the email step)", async () => {
    await using sends = await heldEmails();
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const enrollmentId = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    const id = await queuedEmail(leadId);
    // As when the email step wrote its message just after a cancel ended the enrollment.
    await env.DB.prepare("UPDATE sequence_enrollments SET status = 'exited', exit_reason = 'won' WHERE id = ?").bind(enrollmentId).run();
    expect(await messageReaches(id, "failed")).toEqual({ status: "failed", error: "not sent: the enrollment exited (won)" });
    expect(await eventsOf(id)).toEqual([{ type: "failed", data: { reason: "not sent: the enrollment exited (won)" } }]);
    expect(await plans(sends)).toEqual([{ kind: "done", status: "failed" }]);
    expect(await logged(id)).toBe(0);
  });

  it("is not sent once the enrollment exits at its next email (the lead was won)", async () => {
    await using sends = await heldEmails();
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const enrollmentId = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    const id = await queuedEmail(leadId);
    expect((await call(`/api/v1/leads/${leadId}`, { key: t.liveKey, method: "PATCH", body: { status: "won" } })).status).toBe(200);
    // The condition hears of a click as the tracking handler tells it; the held email's own links
    // record nothing, since it never went out.
    const run = await env.SEQUENCE_RUN.get(enrollmentId);
    await run.sendEvent({ type: `clicked_${id}`, payload: { at: new Date().toISOString() } });
    expect(await enrollmentReaches(t, enrollmentId, "exited")).toMatchObject({ exit_reason: "won" });
    expect(await messageReaches(id, "failed")).toEqual({ status: "failed", error: "not sent: the enrollment exited (won)" });
    expect(await plans(sends)).toEqual([{ kind: "done", status: "failed" }]);
    expect((await rowOf(leadId)).results.map((r) => r.status)).toEqual(["failed"]);
    expect(await logged(id)).toBe(0);
  });

  it("waits while the enrollment is paused and goes once it is resumed", async () => {
    await using sends = await heldEmails();
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const enrollmentId = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    const id = await queuedEmail(leadId);
    expect((await post(t, `/v1/enrollments/${enrollmentId}/pause`)).json.data.status).toBe("paused");
    expect(await plans(sends)).toEqual([{ kind: "wait", until: expect.any(String), reason: "paused" }]);
    expect(await messageReaches(id, "queued")).toEqual({ status: "queued", error: null });
    expect(await logged(id)).toBe(0);
    expect((await post(t, `/v1/enrollments/${enrollmentId}/resume`)).json.data.status).toBe("active");
    expect(await messageReaches(id, "sent")).toEqual({ status: "sent", error: null });
    expect(await logged(id)).toBe(1);
  });
});

describe("deleting a sequence", () => {
  it("is refused while enrollments run (409 with how many); once they ended it deletes", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const { leadId: other } = await senderAndLead(t);
    const id = await activeSequence(t, heldByClick(sender.id));
    const [first, second] = (await enroll(t, id, [leadId, other])).enrollments.map((e: any) => e.id);
    expect((await post(t, `/v1/enrollments/${second}/pause`)).status).toBe(200);
    const refused = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({
      success: false,
      error: {
        code: "CONFLICT",
        message:
          `Workflow ${id} has 2 running enrollments: deactivate it, cancel each (POST /v1/enrollments/{enrollment_id}/cancel; ` +
          `GET /v1/workflows/${id}/enrollments?status=active and ?status=paused list them) or let them end, then delete it`,
        details: { field: "workflow_id", issue: "2 enrollments are active or paused" },
      },
    });
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey })).status).toBe(200);
    expect((await call(`/v1/workflows/${id}/enrollments`, { key: t.liveKey })).json.data.length).toBe(2);
    for (const enrollment of [first, second]) expect((await post(t, `/v1/enrollments/${enrollment}/cancel`)).status).toBe(200);
    const deleted = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "DELETE" });
    expect(deleted.json).toEqual({ success: true, data: { id, deleted: true }, message: "Workflow deleted" });
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey })).status).toBe(404);
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(404);
    const stranger = await createTenant();
    const { sender: theirs } = await senderAndLead(stranger);
    const theirId = await activeSequence(stranger, heldByClick(theirs.id));
    expect((await call(`/v1/workflows/${theirId}`, { key: t.liveKey, method: "DELETE" })).status).toBe(404);
  });
});
