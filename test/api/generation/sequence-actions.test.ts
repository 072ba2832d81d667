import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { backgroundCtx } from "../../../src/domain/context";
import { runAction } from "../../../src/domain/sequences/actions";
import { actingFor } from "../../../src/domain/tenancy/tenants";
import { count } from "../../support/db";
import { createLead, createSender } from "../../support/email";
import { admin, call, createTenant } from "../../support/http";
import { activeSequence, chain, email, enroll, enrollmentReaches, node } from "../../support/sequences";

// The notify_owner action: an email about the lead to the person behind the sequence's sender.

const notificationsOf = (tenantId: string) =>
  env.DB.prepare(
    "SELECT id, lead_id, sender_id, to_email, subject, text, purpose, enrollment_id, status FROM messages WHERE tenant_id = ? AND purpose = 'notification'",
  )
    .bind(tenantId)
    .all<Record<string, string | null>>()
    .then((r) => r.results);

describe("the notify_owner action", () => {
  it("emails the sender's reply_to about the lead once, outside the lead's frequency cap, even when its step runs again", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    // A cap of one email a day: the notification comes first, and the lead's email still goes today.
    expect((await admin(`/admin/tenants/${t.id}`, { method: "PATCH", body: { lead_daily_email_cap: 1 } })).status).toBe(200);
    const sender = await createSender(t.liveKey, { reply_to: "maya.owner@acme.example" });
    const leadId = await createLead(t.liveKey, { first_name: "Jane", last_name: "Doe", email: "jane.doe@globex.example" });
    const notify = node("notify-1", "action", { label: "Tell Maya", actionType: "notify_owner" });
    const id = await activeSequence(t, chain([notify, email("email-1", sender.id)]));
    const enrollmentId = (await enroll(t, id, [leadId])).enrollments[0].id;
    const done = await enrollmentReaches(t, enrollmentId, "completed");
    const [notification] = await notificationsOf(t.id);
    expect(done.path.map((p: any) => [p.node_id, p.outcome])).toEqual([
      ["notify-1", `notified maya.owner@acme.example (${notification!.id})`],
      ["email-1", expect.stringMatching(/^sent msg_/)],
    ]);
    expect(notification).toMatchObject({
      id: expect.stringMatching(/^msg_[0-9a-f]{26}$/),
      lead_id: leadId,
      sender_id: sender.id,
      to_email: "maya.owner@acme.example",
      subject: "Jane Doe reached Tell Maya (notify-1) in Run test",
      purpose: "notification",
      // Not one of the enrollment's emails: engagement conditions and the cap never see it.
      enrollment_id: null,
    });
    expect(notification!.text).toContain(
      `Jane Doe <jane.doe@globex.example> reached Tell Maya (notify-1) in the sequence Run test (${id}, version 1).`,
    );
    expect(notification!.text).toContain(`Lead: http://leadedge.test/api/v1/leads/${leadId}`);
    await vi.waitFor(async () => expect((await notificationsOf(t.id))[0]!.status).toBe("sent"), { timeout: 15_000 });
    expect(await count("SELECT COUNT(*) n FROM sequence_send_slots WHERE lead_id = ?", leadId)).toBe(1);
    expect(await count("SELECT COUNT(*) n FROM messages WHERE lead_id = ? AND purpose = 'lead' AND status = 'sent'", leadId)).toBe(1);

    // The step again (a retry after its write): the same outcome, no second message, outbox row or send.
    const ctx = await actingFor(
      backgroundCtx(env, () => {}),
      { tenantId: t.id, testMode: false },
    );
    const again = await runAction(ctx, enrollmentId, notify);
    expect(again).toEqual({ outcome: `notified maya.owner@acme.example (${notification!.id})` });
    expect(await notificationsOf(t.id)).toHaveLength(1);
    expect(await count("SELECT COUNT(*) n FROM email_outbox WHERE message_id = ?", notification!.id)).toBe(1);
    const sent = (await sends.get()).length;
    expect(sent).toBe(2);
    void runs;
  });

  it("writes to the node's own `to` through its own sender, and says why when the sender is gone", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const first = await createSender(t.liveKey);
    const second = await createSender(t.liveKey, { from_email: "ops@acme.example", name: "Ops" });
    const leadId = await createLead(t.liveKey, { first_name: "Ann", email: "ann@globex.example" });
    const graph = chain([
      email("email-1", first.id),
      node("notify-1", "action", { actionType: "notify_owner", senderId: second.id, to: "Sales@Acme.example" }),
      node("notify-2", "action", { actionType: "notify_owner" }),
    ]);
    const id = await activeSequence(t, graph);
    const done = await enrollmentReaches(t, (await enroll(t, id, [leadId])).enrollments[0].id, "completed");
    const notes = await notificationsOf(t.id);
    // notify-2 has no sender of its own: the first email node's, to its from_email (no reply_to).
    expect(notes.map((n) => [n.sender_id, n.to_email, n.subject]).sort()).toEqual(
      [
        [second.id, "sales@acme.example", "Ann reached notify-1 in Run test"],
        [first.id, "maya@acme.example", "Ann reached notify-2 in Run test"],
      ].sort(),
    );
    expect(done.path.map((p: any) => p.outcome.replace(/\(msg_\w+\)/, "(msg)"))).toEqual([
      expect.stringMatching(/^sent msg_/),
      "notified sales@acme.example (msg)",
      "notified maya@acme.example (msg)",
    ]);

    // A sender deleted after activation: the action's outcome says so, and the enrollment goes on.
    const other = await createLead(t.liveKey, { first_name: "Bo", email: "bo@globex.example" });
    const solo = await activeSequence(t, chain([node("notify-1", "action", { actionType: "notify_owner", senderId: second.id })]));
    expect((await call(`/api/v1/senders/${second.id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
    const alone = await enrollmentReaches(t, (await enroll(t, solo, [other])).enrollments[0].id, "completed");
    expect(alone.path.map((p: any) => p.outcome)).toEqual(["not notified: the sender is gone"]);
    void runs;
    void sends;
  });
});

describe("the lead and event actions", () => {
  it("changes the status, adds and removes tags, sets a field, sends a webhook event and enrolls in another sequence", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const leadId = await createLead(t.liveKey, { first_name: "Jane", email: "jane.actions@globex.example" });
    const next = await activeSequence(t, chain([email("email-1", sender.id)]));
    const id = await activeSequence(
      t,
      chain([
        node("status-1", "action", { actionType: "change_status", status: "qualified" }),
        node("tag-1", "action", { actionType: "add_tag", tag: "warm" }),
        node("tag-2", "action", { actionType: "add_tag", tag: "webinar" }),
        node("untag-1", "action", { actionType: "remove_tag", tag: "warm" }),
        node("field-1", "action", { actionType: "set_field", field: "segment", value: "enterprise" }),
        node("hook-1", "action", { actionType: "send_webhook", event: "handoff" }),
        node("enroll-1", "action", { actionType: "enroll", sequenceId: next }),
        node("enroll-2", "action", { actionType: "enroll", sequenceId: next }),
      ]),
    );
    const enrollmentId = (await enroll(t, id, [leadId])).enrollments[0].id;
    const done = await enrollmentReaches(t, enrollmentId, "completed");
    const [moved] = (await call(`/v1/workflows/${next}/enrollments`, { key: t.liveKey })).json.data;
    expect(done.path.map((p: any) => [p.node_id, p.outcome])).toEqual([
      ["status-1", "status qualified"],
      ["tag-1", "tagged warm"],
      ["tag-2", "tagged webinar"],
      ["untag-1", "untagged warm"],
      ["field-1", "set segment"],
      ["hook-1", "webhook handoff"],
      ["enroll-1", `enrolled ${moved.id}`],
      // Once per sequence: the second enroll finds the lead already there.
      ["enroll-2", "not enrolled: already_enrolled"],
    ]);
    expect(moved).toMatchObject({ lead_id: leadId, workflow_id: next });
    const lead = (await call(`/api/v1/leads/${leadId}`, { key: t.liveKey })).json;
    expect(lead.status).toBe("qualified");
    expect(lead.events.at(-1)).toMatchObject({ type: "status_changed", reason: `sequence ${id}` });
    expect(lead.lead_data).toMatchObject({ tags: ["webinar"], segment: "enterprise" });
    const told = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'sequence.action'")
      .bind(t.id)
      .all<any>();
    expect(told.results.map((r) => JSON.parse(r.payload).data)).toEqual([
      { workflow_id: id, version: 1, enrollment_id: enrollmentId, lead_id: leadId, node_id: "hook-1", name: "handoff" },
    ]);
    void runs;
  });
});
