import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { count } from "../../support/db";
import { createSender } from "../../support/email";
import { call, createFlow, createTenant } from "../../support/http";
import { activeSequence, edge, email, enrollmentReaches, node } from "../../support/sequences";

const enrollmentsOf = async (t: { liveKey: string }, id: string) =>
  (await call(`/v1/workflows/${id}/enrollments`, { key: t.liveKey })).json.data as any[];

async function enrollmentsWhen(t: { liveKey: string }, id: string, n: number) {
  let list: any[] = [];
  await vi.waitFor(
    async () => {
      list = await enrollmentsOf(t, id);
      expect(list.length).toBe(n);
    },
    { timeout: 10_000 },
  );
  return list;
}

const triggered = (trigger: Record<string, unknown>, senderId: string) => ({
  nodes: [node("trigger-1", "trigger", trigger), email("email-1", senderId)],
  edges: [edge("e-1", "trigger-1", "email-1")],
});

describe("sequence triggers", () => {
  it("enrolls a lead posted through a form (form_submitted and the flow's lead_created), once each, and sends its first email", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey, { name: "Webinar" });
    const form = (await call("/api/v1/forms", { key: t.liveKey, body: { flow_id: flow.id, name: "Webinar form" } })).json;
    const otherFlow = await createFlow(t.liveKey, { name: "Other" });
    const byForm = await activeSequence(t, triggered({ triggerType: "form_submitted", formId: form.id }, sender.id));
    const byFlow = await activeSequence(t, triggered({ triggerType: "lead_created", flowId: flow.id }, sender.id));
    const elsewhere = await activeSequence(t, triggered({ triggerType: "lead_created", flowId: otherFlow.id }, sender.id));
    const manual = await activeSequence(t, triggered({ triggerType: "manual" }, sender.id));

    const post = await call(`/f/${form.id}`, {
      method: "POST",
      rawBody: "first_name=Ada&email=ada%40globex.example",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    expect(post.status).toBe(201);
    for (const id of [byForm, byFlow]) {
      const list = await enrollmentsWhen(t, id, 1);
      expect(list[0]).toMatchObject({ source: id === byForm ? "form_submitted" : "lead_created", version: 1 });
      await enrollmentReaches(t, list[0].id, "completed");
    }
    expect(await enrollmentsOf(t, elsewhere)).toEqual([]);
    expect(await enrollmentsOf(t, manual)).toEqual([]);
    const leadId = (await enrollmentsOf(t, byForm))[0].lead_id;
    await vi.waitFor(
      async () => expect((await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages.length).toBe(2),
      { timeout: 10_000 },
    );
    // The same lead moving on does not enroll it again (no re-enrollment).
    expect(await count("SELECT COUNT(*) n FROM sequence_enrollments WHERE lead_id = ?", leadId)).toBe(2);
  });

  it("enrolls on a status change to the trigger's status, and counts the run in the stats and the webhook events", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const id = await activeSequence(t, triggered({ triggerType: "status_changed", status: "qualified" }, sender.id));
    const lead = await call(`/api/v1/flows/${(await createFlow(t.liveKey)).id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Bo", email: "bo@globex.example" } },
    });
    expect((await call(`/api/v1/leads/${lead.json.id}`, { key: t.liveKey, method: "PATCH", body: { status: "contacted" } })).status).toBe(
      200,
    );
    expect(await enrollmentsOf(t, id)).toEqual([]);
    expect((await call(`/api/v1/leads/${lead.json.id}`, { key: t.liveKey, method: "PATCH", body: { status: "qualified" } })).status).toBe(
      200,
    );
    const list = await enrollmentsWhen(t, id, 1);
    await enrollmentReaches(t, list[0].id, "completed");
    await vi.waitFor(
      async () => expect((await call(`/v1/workflows/${id}/stats`, { key: t.liveKey })).json.data.emails.email_sent).toBe(1),
      { timeout: 10_000 },
    );
    const stats = (await call(`/v1/workflows/${id}/stats`, { key: t.liveKey })).json.data;
    expect(stats).toMatchObject({ workflow_id: id, enrolled: 1, completed: 1, exited: 0 });
    expect(stats.versions).toEqual([
      {
        version: 1,
        enrolled: 1,
        completed: 1,
        exited: 0,
        exited_by_reason: {},
        emails: { email_sent: 1, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0 },
        nodes: [
          {
            node_id: "email-1",
            entered: 1,
            completed: 1,
            exited: 0,
            exited_by_reason: {},
            emails: { email_sent: 1, opened: 0, clicked: 0, replied: 0, bounced: 0, unsubscribed: 0 },
          },
        ],
      },
    ]);
    const events = await env.DB.prepare(
      "SELECT event_type FROM outbox_events WHERE tenant_id = ? AND event_type LIKE 'sequence.%' ORDER BY event_type",
    )
      .bind(t.id)
      .all<any>();
    expect(events.results.map((e) => e.event_type)).toEqual(["sequence.completed", "sequence.email_sent", "sequence.enrolled"]);
  });

  it("enrolls a lead that scoring finds hot (score_hot), and not one that stays cold", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const id = await activeSequence(t, triggered({ triggerType: "score_hot" }, sender.id));
    const hot = {
      email: "cto@bigco.example",
      position: "Chief Technology Officer",
      employees: 400,
      revenue: 30000000,
      engagement_score: 100,
      last_interaction: new Date().toISOString(),
    };
    const analyzed = await call("/v1/leads/analyze", {
      key: t.liveKey,
      body: { leads: [hot, { email: "cold@smallco.example", engagement_score: 1 }] },
    });
    expect(analyzed.status).toBe(200);
    const [enrollment] = await enrollmentsWhen(t, id, 1);
    expect(enrollment.source).toBe("score_hot");
    const lead = await call(`/v1/leads/${enrollment.lead_id}`, { key: t.liveKey });
    expect(lead.json.data.lead_data.email).toBe("cto@bigco.example");
    await enrollmentReaches(t, enrollment.id, "completed");
  });

  it("does not enroll a live lead whose address test mode suppressed: test-mode email is real email too", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const flow = await createFlow(t.liveKey, { name: "Suppressed" });
    const id = await activeSequence(t, triggered({ triggerType: "lead_created", flowId: flow.id }, sender.id));
    const suppressed = await call("/api/v1/suppressions", { key: t.testKey, body: { email: "gone@globex.example" } });
    expect(suppressed.status).toBe(201);
    for (const address of ["gone@globex.example", "kept@globex.example"]) {
      const lead = await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: address } } });
      expect(lead.status).toBe(201);
    }
    // The trigger enrolls in the lead's own write, so the rows are there with the 201.
    const enrolled = await env.DB.prepare(
      "SELECT l.email FROM sequence_enrollments e JOIN leads l ON l.id = e.lead_id WHERE e.sequence_id = ?",
    )
      .bind(id)
      .all();
    expect(enrolled.results).toEqual([{ email: "kept@globex.example" }]);
  });
});
