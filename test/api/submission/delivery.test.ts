import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createFlow, createTenant } from "../../support/http";
import { received, settled } from "../../support/workflows";

function recipientFlow(key: string, behaviour: string, settings: Record<string, unknown> = {}) {
  const inbox = crypto.randomUUID();
  const flow = createFlow(key, {
    name: "Distribution",
    configuration: {
      steps: [
        { type: "source", name: "Web" },
        {
          type: "recipient",
          name: "buyer_crm_system",
          service: "http_post",
          settings: { url: `https://receiver.test/${behaviour}/${inbox}`, ...settings },
        },
      ],
    },
  });
  return flow.then((f) => ({ flow: f, inbox }));
}

describe("lead delivery to recipients", () => {
  it("delivers synchronously: mapped fields, secret headers, the answer read, and the delivery in the response", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "json-accepted", {
      headers: { "X-Api-Key": "buyer-secret-123" },
      field_mapping: {
        fname: "{{lead.first_name}}",
        contact: "{{lead.first_name}} {{lead.last_name}} <{{lead.email}}>",
        tier: "{{lead.tier}}",
      },
      response: { json_path: "status", json_value: "accepted" },
    });
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: {
        lead: { first_name: "Ada", last_name: "Lovelace", email: "ada@acme.example", tier: "gold" },
        options: { async: false, timeout: 10000 },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.events.map((e: any) => e.type)).toEqual(["received", "enhanced", "accepted", "delivered"]);
    expect(res.json.events[3]).toMatchObject({
      outcome: "success",
      recipient: "buyer_crm_system",
      response_code: 200,
      duration_ms: expect.any(Number),
    });
    const [got] = await received(inbox);
    expect(JSON.parse(got.body)).toEqual({ fname: "Ada", contact: "Ada Lovelace <ada@acme.example>", tier: "gold" });
    expect(got.headers["x-api-key"]).toBe("buyer-secret-123");
    expect((await call(`/api/v1/leads/${res.json.id}`, { key: t.liveKey })).json.status).toBe("delivered");
    const shown = await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey });
    expect(shown.json.configuration.steps[1].settings.headers).toEqual({ "X-Api-Key": "••••••" });
    expect(shown.text).not.toContain("buyer-secret-123");
    const outbox = await env.DB.prepare("SELECT payload FROM outbox_events WHERE tenant_id = ? AND event_type = 'lead.delivered'")
      .bind(t.id)
      .first<{ payload: string }>();
    expect(JSON.parse(outbox!.payload).data).toMatchObject({
      recipient: { name: "buyer_crm_system" },
      delivery_time_ms: expect.any(Number),
    });
    await settled(workflows);
  });

  it("keeps a secret header when the flow is saved back with the masked value", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "ok", { headers: { Authorization: "Bearer buyer-token" }, encoding: "form" });
    const shown = (await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey })).json;
    await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { name: "Renamed", configuration: shown.configuration },
    });
    await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Bo", email: "bo@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    const [got] = await received(inbox);
    expect(got.headers.authorization).toBe("Bearer buyer-token");
    expect(got.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(got.body).get("email")).toBe("bo@acme.example");
    await settled(workflows);
  });

  it("names a step added without an id apart from the ids other steps keep, and refuses two steps with one id", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox: buyerB } = await recipientFlow(t.liveKey, "ok");
    const before = (await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey })).json.configuration.steps;
    expect(before.map((s: any) => s.id)).toEqual(["step_001", "step_002"]);
    const buyerA = crypto.randomUUID();
    const added = { type: "recipient", name: "buyer_a", service: "http_post", settings: { url: `https://receiver.test/ok/${buyerA}` } };
    const saved = await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { configuration: { steps: [before[0], added, before[1]].map(({ position: _, ...step }: any) => step) } },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.configuration.steps.map((s: any) => [s.id, s.name])).toEqual([
      ["step_001", "Web"],
      ["step_003", "buyer_a"],
      ["step_002", "buyer_crm_system"],
    ]);
    await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "both@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    expect(await received(buyerA)).toHaveLength(1);
    expect(await received(buyerB)).toHaveLength(1);
    await settled(workflows);

    const twice = await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { configuration: { steps: [before[0], { ...added, id: "step_002" }, before[1]] } },
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error.details).toEqual([
      { field: "configuration.steps[2].id", code: "duplicate", message: "step id step_002 is also the id of configuration.steps[1]" },
    ]);

    // A buyer removed now leaves its id behind: the recipient added in its place gets another.
    const replaced = await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { configuration: { steps: [before[0], { ...added, name: "buyer_c" }] } },
    });
    expect(replaced.json.configuration.steps.map((s: any) => s.id)).toEqual(["step_001", "step_004"]);
    // Saved back without ids, each step is the one of its type and name: the ids stay.
    const resaved = await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { configuration: { steps: replaced.json.configuration.steps.map(({ id: _, ...step }: any) => step) } },
    });
    expect(resaved.json.configuration.steps.map((s: any) => s.id)).toEqual(["step_001", "step_004"]);
  });

  it("drops a kept secret header when the step is saved with a URL on another origin", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "ok", { headers: { Authorization: "Bearer buyer-token" } });
    const shown = (await call(`/api/v1/flows/${flow.id}`, { key: t.liveKey })).json;
    const [source, recipient] = shown.configuration.steps;
    const moved = { ...recipient, settings: { ...recipient.settings, url: `https://receiver.test:8443/ok/${inbox}` } };
    const saved = await call(`/api/v1/flows/${flow.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { configuration: { steps: [source, moved] } },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.configuration.steps[1].settings.headers ?? {}).toEqual({});
    await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { first_name: "Bo", email: "bo@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    const [got] = await received(inbox);
    expect(got.headers.authorization).toBeUndefined();
    await settled(workflows);
  });

  it("does not retry a failure (the buyer refused), and marks the lead failed", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "json-rejected", { response: { json_path: "status", json_value: "accepted" } });
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "no@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    expect(res.json.events[3]).toMatchObject({ type: "failed", outcome: "failure", reason: 'status was "rejected"', response_code: 200 });
    const [output] = await settled(workflows);
    expect(Object.values(output as object)).toEqual(["failure"]);
    expect(await received(inbox)).toHaveLength(1);
    expect((await call(`/api/v1/leads/${res.json.id}`, { key: t.liveKey })).json.status).toBe("failed");
  });

  it("retries errors and delivers once the recipient recovers", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "fail-2");
    const res = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "retry@acme.example" }, options: { async: true } },
    });
    expect(res.json.events.map((e: any) => e.type)).toEqual(["received", "enhanced", "accepted"]);
    const [output] = await settled(workflows);
    expect(Object.values(output as object)).toEqual(["success"]);
    expect((await received(inbox)).map((r) => r.answered)).toEqual([500, 500, 200]);
    const events = (await call(`/api/v1/flows/${flow.id}/events?event_type=delivered`, { key: t.liveKey })).json;
    expect(events.events[0]).toMatchObject({
      lead_id: res.json.id,
      type: "delivered",
      outcome: "success",
      recipient: { name: "buyer_crm_system", type: "http_post" },
      response_code: 200,
    });
  });

  it("pauses a recipient after its consecutive errors, skips it while paused, and resumes on request", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_DELIVERY);
    await workflows.modifyAll(async (m) => m.disableSleeps());
    const t = await createTenant();
    const { flow, inbox } = await recipientFlow(t.liveKey, "fail-99", { max_consecutive_errors: 2 });
    const first = await call(`/api/v1/flows/${flow.id}/leads`, {
      key: t.liveKey,
      body: { lead: { email: "a@acme.example" }, options: { async: false, timeout: 10000 } },
    });
    expect(first.json.events[3]).toMatchObject({ type: "failed", outcome: "error" });
    await settled(workflows, 1);
    expect(await received(inbox)).toHaveLength(2);
    const list = await call(`/api/v1/flows/${flow.id}/recipients`, { key: t.liveKey });
    expect(list.json.recipients[0]).toMatchObject({
      status: "paused",
      consecutive_errors: 2,
      paused_reason: expect.stringContaining("2 errors in a row"),
    });
    const notice = await env.DB.prepare("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND event_type = 'recipient.paused'")
      .bind(t.id)
      .first<{ n: number }>();
    expect(notice?.n).toBe(1);
    await call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: "b@acme.example" }, options: { async: true } } });
    await settled(workflows, 2);
    expect(await received(inbox)).toHaveLength(2);
    const resumed = await call(`/api/v1/flows/${flow.id}/recipients/${list.json.recipients[0].id}/resume`, {
      key: t.liveKey,
      method: "POST",
    });
    expect(resumed.json).toMatchObject({ status: "active", consecutive_errors: 0 });
  });

  it("refuses a recipient URL on a private address when the flow is saved", async () => {
    const t = await createTenant();
    const res = await call("/api/v1/flows", {
      key: t.liveKey,
      body: { name: "Bad", configuration: { steps: [{ type: "recipient", name: "R", settings: { url: "http://192.168.0.10/leads" } }] } },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({ field: "configuration.steps[0].settings.url", code: "unsafe_url" });
    const noUrl = await call("/api/v1/flows", {
      key: t.liveKey,
      body: { name: "Bad", configuration: { steps: [{ type: "recipient", name: "R", settings: {} }] } },
    });
    expect(noUrl.json.error.details[0].field).toBe("configuration.steps[0].settings.url");
  });
});
