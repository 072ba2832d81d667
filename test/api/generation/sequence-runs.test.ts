import { createExecutionContext, introspectWorkflow, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../../src/index";
import gmailReply from "../../fixtures/email/gmail-reply.eml?raw";
import postfixDsn from "../../fixtures/email/postfix-dsn.eml?raw";
import { count } from "../../support/db";
import { createLead, createSender, incomingMail } from "../../support/email";
import { admin, call, createTenant } from "../../support/http";
import {
  activeSequence,
  chain,
  edge,
  email,
  enroll,
  enrollmentOf,
  enrollmentReaches,
  heldByClick,
  node,
  senderAndLead,
} from "../../support/sequences";

const visit = (url: string) => exports.default.fetch(new Request(url, { redirect: "manual" }));
const pathIn = (html: string, kind: "o" | "c") => html.match(new RegExp(`http://leadedge\\.test/t/${kind}/[a-z0-9_.]+`))![0];
const fullMessage = async (t: { liveKey: string }, id: string) => (await call(`/api/v1/messages/${id}`, { key: t.liveKey })).json;
/** The lead's messages once `n` exist, oldest first. */
async function messagesWhen(t: { liveKey: string }, leadId: string, n: number, status = "sent") {
  let list: any[] = [];
  await vi.waitFor(
    async () => {
      list = (await messagesOf(t, leadId)).reverse();
      expect(list.filter((m) => m.status === status).length).toBe(n);
    },
    { timeout: 15_000, interval: 100 },
  );
  return list;
}

/** Mail naming the message, delivered to the Worker's email handler: a reply by default, or a bounce. */
async function mailAbout(header: string, fixture = gmailReply, envelope = { from: "jane@globex.example", to: "maya@acme.example" }) {
  const { message } = incomingMail(fixture, envelope, { MESSAGE_ID_HEADER: header });
  const execution = createExecutionContext();
  await worker.email!(message, env, execution);
  await waitOnExecutionContext(execution);
}
const reply = (header: string) => mailAbout(header);

const messagesOf = async (t: { liveKey: string }, leadId: string) =>
  (await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages as any[];

/** email-1, wait-1, cond-1 (email_opened) -> yes: email-2, no: action-1 (tag). */
const branching = (senderId: string, condition: Record<string, unknown> = { conditionField: "email_opened" }) => ({
  nodes: [
    node("trigger-1", "trigger", { triggerType: "manual" }),
    email("email-1", senderId),
    node("wait-1", "wait", { duration: 2, durationUnit: "days" }),
    node("cond-1", "condition", condition),
    email("email-2", senderId),
    node("action-1", "action", { actionType: "add_tag", tag: "cold" }),
  ],
  edges: [
    edge("e-1", "trigger-1", "email-1"),
    edge("e-2", "email-1", "wait-1"),
    edge("e-3", "wait-1", "cond-1"),
    edge("e-4", "cond-1", "email-2", "yes"),
    edge("e-5", "cond-1", "action-1", "no"),
  ],
});

describe("sequence enrollments run", () => {
  it("sends the first email, waits, and takes the yes branch when the email is opened", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    await using sends = await introspectWorkflow(env.EMAIL_SEND);
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const id = await activeSequence(t, branching(sender.id));
    const batch = await enroll(t, id, [leadId]);
    expect(batch).toMatchObject({
      workflow_id: id,
      version: 1,
      requested: 1,
      enrolled: 1,
      skipped: 0,
      status_url: `/v1/workflows/${id}/enrollments`,
    });
    const enrollmentId = batch.enrollments[0].id;
    // The first email goes out; the enrollment then waits for it to be opened.
    await vi.waitFor(async () => expect((await messagesOf(t, leadId)).map((m) => m.status)).toEqual(["sent"]), { timeout: 15_000 });
    const [first] = await messagesOf(t, leadId);
    const full = (await call(`/api/v1/messages/${first.id}`, { key: t.liveKey })).json;
    expect((await visit(pathIn(full.html, "o"))).status).toBe(200);
    const done = await enrollmentReaches(t, enrollmentId, "completed");
    expect(done.path.map((p: any) => [p.node_id, p.outcome?.replace(/msg_\w+/, "msg")])).toEqual([
      ["email-1", "sent msg"],
      ["wait-1", "waited"],
      ["cond-1", expect.stringMatching(/^yes: /)],
      ["email-2", "sent msg"],
    ]);
    await vi.waitFor(async () => expect((await messagesOf(t, leadId)).length).toBe(2), { timeout: 10_000 });
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'sequence.completed'", t.id)).toBe(1);
    void sends;
  });

  it("takes the no branch when the open never comes (the event times out) and runs the action", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll(async (m) => {
      await m.disableSleeps();
      await m.forceEventTimeout({ name: "2 await cond-1" });
    });
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const id = await activeSequence(t, branching(sender.id));
    const batch = await enroll(t, id, [leadId]);
    const done = await enrollmentReaches(t, batch.enrollments[0].id, "completed");
    expect(done.path.map((p: any) => [p.node_id, p.outcome?.replace(/msg_\w+/, "msg")])).toEqual([
      ["email-1", "sent msg"],
      ["wait-1", "waited"],
      ["cond-1", "no: timed out"],
      ["action-1", "tagged cold"],
    ]);
    const lead = await call(`/v1/leads/${leadId}`, { key: t.liveKey });
    expect(lead.json.data.lead_data.tags).toEqual(["cold"]);
  });

  it.each([
    ["lead.tier == 'gold' && lead.employees > 100", { tier: "gold", employees: 500 }, "yes"],
    ["lead.tier == 'gold' && lead.employees > 100", { tier: "silver", employees: 500 }, "no"],
  ])("evaluates the CEL condition %s over the lead when reached (%o -> %s)", async (expression, fields, branch) => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t, fields);
    const id = await activeSequence(t, {
      nodes: [
        node("trigger-1", "trigger"),
        node("cond-1", "condition", { conditionField: "expression", expression }),
        email("email-yes", sender.id),
        node("action-no", "action", { actionType: "set_field", field: "nurture", value: true }),
      ],
      edges: [edge("e-1", "trigger-1", "cond-1"), edge("e-2", "cond-1", "email-yes", "yes"), edge("e-3", "cond-1", "action-no", "no")],
    });
    const done = await enrollmentReaches(t, (await enroll(t, id, [leadId])).enrollments[0].id, "completed");
    expect(done.path.map((p: any) => p.node_id)).toEqual(["cond-1", branch === "yes" ? "email-yes" : "action-no"]);
    expect(done.path[0].outcome).toBe(branch === "yes" ? "yes: expression true" : "no: expression false");
    const lead = (await call(`/v1/leads/${leadId}`, { key: t.liveKey })).json.data.lead_data;
    expect(lead.nurture).toBe(branch === "yes" ? undefined : true);
  });

  it("takes the yes branch of a click condition from a real click, and of a reply condition from a real reply", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const graph = heldByClick(sender.id);
    graph.nodes.push(node("cond-2", "condition", { conditionField: "email_replied" }), email("email-3", sender.id));
    graph.edges.push(edge("e-5", "email-2", "cond-2"), edge("e-6", "cond-2", "email-3", "yes"));
    graph.nodes.push(node("end-1", "action", { actionType: "end" }));
    graph.edges.push(edge("e-7", "cond-2", "end-1", "no"));
    const id = await activeSequence(t, graph, { exit_on_reply: false });
    const enrollmentId = (await enroll(t, id, [leadId])).enrollments[0].id;
    const [first] = await messagesWhen(t, leadId, 1);
    expect((await visit(pathIn((await fullMessage(t, first.id)).html, "c"))).status).toBe(302);
    const [, second] = await messagesWhen(t, leadId, 2);
    await reply((await fullMessage(t, second.id)).message_id_header);
    const done = await enrollmentReaches(t, enrollmentId, "completed");
    expect(done.path.map((p: any) => [p.node_id, p.outcome?.split(":")[0].replace(/msg_\w+/, "msg")])).toEqual([
      ["email-1", "sent msg"],
      ["cond-1", "yes"],
      ["email-2", "sent msg"],
      ["cond-2", "yes"],
      ["email-3", "sent msg"],
    ]);
  });

  it.each([
    ["replied", async (t: any, _leadId: string, message: any) => reply((await fullMessage(t, message.id)).message_id_header)],
    [
      "unsubscribed",
      async (t: any, _leadId: string, message: any) => {
        const url = (await fullMessage(t, message.id)).text.match(/http:\/\/leadedge\.test\/t\/u\/[a-z0-9_.]+/)[0];
        expect((await exports.default.fetch(new Request(url, { method: "POST" }))).status).toBe(200);
      },
    ],
    [
      "won",
      async (t: any, leadId: string) => {
        expect((await call(`/api/v1/leads/${leadId}`, { key: t.liveKey, method: "PATCH", body: { status: "won" } })).status).toBe(200);
      },
    ],
    [
      "lost",
      async (t: any, leadId: string) => {
        expect((await call(`/api/v1/leads/${leadId}`, { key: t.liveKey, method: "PATCH", body: { status: "lost" } })).status).toBe(200);
      },
    ],
    [
      "bounced",
      async (t: any, _leadId: string, message: any) => {
        const bounces = { from: "", to: "bounces@inbound.leadedge.test" };
        await mailAbout((await fullMessage(t, message.id)).message_id_header, postfixDsn, bounces);
        expect((await fullMessage(t, message.id)).status).toBe("bounced");
      },
    ],
    [
      "removed",
      async (_t: any, leadId: string) => {
        // No API deletes a lead yet; a lead removed from the database (an operator's erasure) is the case.
        expect((await env.DB.prepare("DELETE FROM leads WHERE id = ?").bind(leadId).run()).meta.changes).toBe(1);
      },
    ],
  ])("exits before the next email when the lead %s, with the reason recorded and told", async (reason, change) => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    // The bounce fixture is a DSN for nobody@globex.example.
    const { sender, leadId } = await senderAndLead(t, reason === "bounced" ? { email: "nobody@globex.example" } : {});
    const id = await activeSequence(t, heldByClick(sender.id));
    const enrollmentId = (await enroll(t, id, [leadId])).enrollments[0].id;
    const [first] = await messagesWhen(t, leadId, 1);
    await change(t, leadId, first);
    expect((await visit(pathIn((await fullMessage(t, first.id)).html, "c"))).status).toBe(302);
    const exited = await enrollmentReaches(t, enrollmentId, "exited");
    expect(exited).toMatchObject({ exit_reason: reason, current_node_id: "email-2", ended_at: expect.any(String) });
    expect(exited.path.at(-1)).toMatchObject({ node_id: "email-2", outcome: `exited: ${reason}` });
    expect((await messagesOf(t, leadId)).length).toBe(1);
    const told = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'sequence.exited'")
      .bind(t.id)
      .all<any>();
    expect(told.results.map((r) => JSON.parse(r.payload).data)).toEqual([
      { workflow_id: id, version: 1, enrollment_id: enrollmentId, lead_id: leadId, node_id: "email-2", reason },
    ]);
  });

  it("pauses at the next node, resumes where it stopped, and cancels", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const id = await activeSequence(t, heldByClick(sender.id));
    const enrollmentId = (await enroll(t, id, [leadId])).enrollments[0].id;
    const [first] = await messagesWhen(t, leadId, 1);
    const paused = await call(`/v1/enrollments/${enrollmentId}/pause`, { key: t.liveKey, method: "POST" });
    expect(paused.json).toMatchObject({ success: true, data: { status: "paused" }, message: "Enrollment paused" });
    expect((await visit(pathIn((await fullMessage(t, first.id)).html, "c"))).status).toBe(302);
    // The condition is decided, but the enrollment stays before email-2 while paused.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await messagesOf(t, leadId)).length).toBe(1);
    expect((await enrollmentOf(t, enrollmentId)).current_node_id).toBe("cond-1");
    const resumed = await call(`/v1/enrollments/${enrollmentId}/resume`, { key: t.liveKey, method: "POST" });
    expect(resumed.json.data.status).toBe("active");
    await enrollmentReaches(t, enrollmentId, "completed");
    expect((await messagesOf(t, leadId)).length).toBe(2);
    const again = await call(`/v1/enrollments/${enrollmentId}/cancel`, { key: t.liveKey, method: "POST" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("CONFLICT");

    const { leadId: other } = await senderAndLead(t);
    const second = (await enroll(t, id, [other])).enrollments[0].id;
    await messagesWhen(t, other, 1);
    const cancelled = await call(`/v1/enrollments/${second}/cancel`, { key: t.liveKey, method: "POST" });
    expect(cancelled.json.data).toMatchObject({ status: "cancelled", exit_reason: "cancelled" });
    expect((await call(`/v1/workflows/${id}/enrollments?status=cancelled`, { key: t.liveKey })).json.data.map((e: any) => e.id)).toEqual([
      second,
    ]);
  });

  it("pauses every running enrollment of a sequence, and resumes them all", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const { leadId: other } = await senderAndLead(t);
    const id = await activeSequence(t, heldByClick(sender.id));
    const enrolled = (await enroll(t, id, [leadId, other])).enrollments.map((e: any) => e.id);
    const firsts = [(await messagesWhen(t, leadId, 1))[0], (await messagesWhen(t, other, 1))[0]];
    const paused = await call(`/v1/workflows/${id}/pause`, { key: t.liveKey, method: "POST" });
    expect(paused.json).toMatchObject({ success: true, data: { workflow_id: id, enrollments_changed: 2 } });
    for (const first of firsts) expect((await visit(pathIn((await fullMessage(t, first.id)).html, "c"))).status).toBe(302);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await messagesOf(t, leadId)).length + (await messagesOf(t, other)).length).toBe(2);
    const listed = (await call(`/v1/workflows/${id}/enrollments?status=paused`, { key: t.liveKey })).json.data;
    expect(listed.map((e: any) => e.id).sort()).toEqual([...enrolled].sort());
    const resumed = await call(`/v1/workflows/${id}/resume`, { key: t.liveKey, method: "POST" });
    expect(resumed.json.data).toEqual({ workflow_id: id, enrollments_changed: 2 });
    for (const enrollmentId of enrolled) await enrollmentReaches(t, enrollmentId, "completed");
    expect((await messagesOf(t, leadId)).length + (await messagesOf(t, other)).length).toBe(4);
    expect((await call(`/v1/workflows/${id}/resume`, { key: t.liveKey, method: "POST" })).json.data.enrollments_changed).toBe(0);
  });

  it("keeps running enrollments on their version while the sequence is edited and activated again", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const graph = heldByClick(sender.id);
    const id = await activeSequence(t, graph);
    const firstRun = (await enroll(t, id, [leadId])).enrollments[0].id;
    const [first] = await messagesWhen(t, leadId, 1);
    const edited = graph.nodes.map((n) => (n.nodeId === "email-2" ? email("email-2", sender.id, "Version two") : n));
    const patched = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PATCH", body: { nodes: edited } });
    expect(patched.json.data).toMatchObject({ status: "active", active_version: 1, problems: [] });
    const activated = await call(`/v1/workflows/${id}/activate`, { key: t.liveKey, method: "POST" });
    expect(activated.json.data.version.version).toBe(2);
    expect((await call(`/v1/workflows/${id}/activate`, { key: t.liveKey, method: "POST" })).json.data.version.version).toBe(2);
    const versions = (await call(`/v1/workflows/${id}/versions`, { key: t.liveKey })).json.data;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await visit(pathIn((await fullMessage(t, first.id)).html, "c"))).status).toBe(302);
    await enrollmentReaches(t, firstRun, "completed");
    const [, second] = await messagesWhen(t, leadId, 2);
    expect(second.subject).toBe("Subject email-2");
    const { leadId: later } = await senderAndLead(t);
    const laterRun = (await enroll(t, id, [later])).enrollments[0].id;
    expect((await enrollmentOf(t, laterRun)).version).toBe(2);
  });

  it("enrolls a lead once unless re-enrollment is allowed, and counts every skipped reason", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const { leadId: unsubscribed } = await senderAndLead(t, { email: "gone@globex.example" });
    expect((await call("/api/v1/suppressions", { key: t.liveKey, body: { email: "gone@globex.example" } })).status).toBe(201);
    const { leadId: noEmail } = await senderAndLead(t, { email: undefined, phone: "+14155550123" });
    const once = await activeSequence(t, chain([email("email-1", sender.id)]));
    const first = await enroll(t, once, [leadId, unsubscribed, noEmail, "lead_unknown"]);
    expect(first).toMatchObject({ requested: 4, enrolled: 1, skipped: 3, skipped_by_reason: { suppressed: 1, no_email: 1, not_found: 1 } });
    await enrollmentReaches(t, first.enrollments[0].id, "completed");
    expect(await enroll(t, once, [leadId])).toMatchObject({ enrolled: 0, skipped_by_reason: { already_enrolled: 1 } });

    const again = await activeSequence(t, chain([email("email-1", sender.id)]), { allow_reenrollment: true });
    const run1 = (await enroll(t, again, [leadId])).enrollments[0].id;
    // While it runs, the lead is not enrolled a second time; once it ended, it may be.
    await enrollmentReaches(t, run1, "completed");
    const run2 = await enroll(t, again, [leadId]);
    expect(run2.enrolled).toBe(1);
    await enrollmentReaches(t, run2.enrollments[0].id, "completed");
    expect((await call(`/v1/workflows/${again}/enrollments`, { key: t.liveKey })).json.data.length).toBe(2);
    const inactive = await call(`/v1/workflows/${again}/deactivate`, { key: t.liveKey, method: "POST" });
    expect(inactive.json.data.status).toBe("inactive");
    const refused = await call(`/v1/workflows/${again}/enrollments`, { key: t.liveKey, body: { lead_ids: [leadId] } });
    expect(refused.status).toBe(409);
  });

  it("holds a lead to the tenant's daily cap across sequences enrolled at once; the capped emails wait for the next day", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    const t = await createTenant();
    expect((await admin(`/admin/tenants/${t.id}`, { method: "PATCH", body: { lead_daily_email_cap: 1 } })).status).toBe(200);
    const { sender, leadId } = await senderAndLead(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await activeSequence(t, chain([email("email-1", sender.id)])));
    const enrolled = (await Promise.all(ids.map((id) => enroll(t, id, [leadId])))).map((b) => b.enrollments[0].id);
    await messagesWhen(t, leadId, 1);
    let states: any[] = [];
    await vi.waitFor(
      async () => {
        states = await Promise.all(enrolled.map((e) => enrollmentOf(t, e)));
        expect(states.filter((s) => s.status === "completed").length).toBe(1);
        expect(states.filter((s) => s.next_wake_at !== null).length).toBe(2);
      },
      { timeout: 15_000, interval: 100 },
    );
    // The lead has no time zone, so its day is the sender's (UTC): the capped two wake at midnight.
    const midnight = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1)).toISOString();
    for (const waiting of states.filter((s) => s.status === "active"))
      expect(waiting).toMatchObject({ current_node_id: "email-1", next_wake_at: midnight });
    await new Promise((r) => setTimeout(r, 500));
    expect((await messagesOf(t, leadId)).length).toBe(1);
    expect(await count("SELECT COUNT(*) n FROM sequence_send_slots WHERE lead_id = ?", leadId)).toBe(1);
    void runs;
  });

  it("ends a wait when the next email's sender may send, in the sender's zone, or the lead's when it has one", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    const t = await createTenant();
    // Tokyo is UTC+9 all year: its 09:00 two days from now is that day's 00:00 UTC.
    const tokyo = new Date(Date.now() + 9 * 3_600_000);
    const opening = new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate() + 2));
    const weekday = ((opening.getUTCDay() + 6) % 7) + 1;
    const sender = await createSender(t.liveKey, {
      time_zone: "Asia/Tokyo",
      send_window: { days: [weekday], start: "09:00", end: "10:00" },
    });
    const id = await activeSequence(
      t,
      chain([node("wait-1", "wait", { duration: 1, durationUnit: "minutes" }), email("email-1", sender.id)]),
    );
    const local = await createLead(t.liveKey, { email: "local@globex.example" });
    // Berlin is UTC+1 until the end of March and UTC+2 after; its 09:00 that day is 08:00 or 07:00 UTC.
    const berlin = await createLead(t.liveKey, { email: "berlin@globex.example", time_zone: "Europe/Berlin" });
    const [inTokyo, inBerlin] = (await enroll(t, id, [local, berlin])).enrollments.map((e: any) => e.id);
    let states: any[] = [];
    await vi.waitFor(
      async () => {
        states = await Promise.all([inTokyo, inBerlin].map((e) => enrollmentOf(t, e)));
        expect(states.map((s) => [s.current_node_id, s.next_wake_at !== null])).toEqual([
          ["wait-1", true],
          ["wait-1", true],
        ]);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(states[0].next_wake_at).toBe(opening.toISOString());
    const berlinOffset = Number(
      new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", hour: "numeric", hourCycle: "h23" }).format(opening),
    );
    expect(states[1].next_wake_at).toBe(new Date(opening.getTime() + (9 - berlinOffset) * 3_600_000).toISOString());
    void runs;
  });

  it("runs a playground campaign on the same engine: its steps as a linear sequence, a wait for each delay", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const steps = [
      { channel: "email", subject: "Hello {{lead.first_name}}", body: "First step", delay_days: 0 },
      { channel: "email", subject: "Again", body: "Second step", delay_days: 3 },
    ];
    const campaign = (await call("/api/v1/campaigns", { key: t.liveKey, body: { name: "Q4", sender_id: sender.id, steps } })).json;
    await call(`/api/v1/campaigns/${campaign.id}/leads`, { key: t.liveKey, body: { lead_ids: [leadId], assignment: "TEMPLATE" } });
    const run = await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" });
    expect(run.status).toBe(202);
    expect(run.json).toMatchObject({ version: 1, requested: 1, enrolled: 1, skipped_by_reason: {} });
    const workflowId = run.json.workflow_id;
    expect((await call(`/api/v1/campaigns/${campaign.id}`, { key: t.liveKey })).json.workflow_id).toBe(workflowId);
    const [enrollment] = (await call(`/v1/workflows/${workflowId}/enrollments`, { key: t.liveKey })).json.data;
    const done = await enrollmentReaches(t, enrollment.id, "completed");
    expect(done.source).toBe(`campaign:${campaign.id}`);
    expect(done.path.map((p: any) => p.node_id)).toEqual(["step-1", "wait-2", "step-2"]);
    const sent = await messagesWhen(t, leadId, 2);
    expect(sent.map((m) => m.subject)).toEqual(["Hello Jane", "Again"]);
    // Running it again enrolls no one twice.
    expect((await call(`/api/v1/campaigns/${campaign.id}/sequence`, { key: t.liveKey, method: "POST" })).json).toMatchObject({
      workflow_id: workflowId,
      version: 1,
      enrolled: 0,
      skipped_by_reason: { already_enrolled: 1 },
    });
  });
});
