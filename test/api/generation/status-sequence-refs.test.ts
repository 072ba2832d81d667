import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTenant, type TestTenant } from "../../support/http";
import { edge, node, senderAndLead } from "../../support/sequences";

// A status an active sequence names (a change_status action's target, a status_changed trigger's
// code) cannot be deleted, recoded or replaced from under it: the action would fail on every
// enrollment and the trigger never fire, while the sequence stays active with no problems.

const createStatus = (t: TestTenant, body: unknown) => call("/v1/config/statuses", { key: t.liveKey, body });
const patchStatus = (t: TestTenant, id: string, body: unknown) =>
  call(`/v1/config/statuses/${id}`, { key: t.liveKey, method: "PATCH", body });
const deleteStatus = (t: TestTenant, id: string) => call(`/v1/config/statuses/${id}`, { key: t.liveKey, method: "DELETE" });
const setLeadStatus = (t: TestTenant, leadId: string, status: string) =>
  call(`/api/v1/leads/${leadId}`, { key: t.liveKey, method: "PATCH", body: { status } });

const graph = (name: string, trigger: Record<string, unknown>, actionStatus: string) => ({
  name,
  nodes: [node("trigger-1", "trigger", trigger), node("status-1", "action", { actionType: "change_status", status: actionStatus })],
  edges: [edge("e-1", "trigger-1", "status-1")],
});

async function activeWorkflow(t: TestTenant, body: ReturnType<typeof graph>): Promise<string> {
  const saved = await call("/v1/workflows", { key: t.liveKey, body });
  expect(saved.status).toBe(201);
  const id = saved.json.data.id as string;
  expect((await call(`/v1/workflows/${id}/activate`, { key: t.liveKey, method: "POST" })).status).toBe(200);
  return id;
}

const deactivate = (t: TestTenant, id: string) => call(`/v1/workflows/${id}/deactivate`, { key: t.liveKey, method: "POST" });

async function ownStatuses(t: TestTenant) {
  const set = await createStatus(t, {
    statuses: [
      { code: "new", name: "New", isDefault: true },
      { code: "demo_booked", name: "Demo booked" },
      { code: "won", name: "Won" },
    ],
  });
  expect(set.status).toBe(201);
  return Object.fromEntries(set.json.data.statuses.map((s: any) => [s.code, s.id])) as Record<string, string>;
}

const codeOf = (id: string) => env.DB.prepare("SELECT code FROM statuses WHERE id = ?").bind(id).first("code");

describe("statuses an active sequence names", () => {
  it("refuses to delete a change_status action's status while the sequence is active, naming it", async () => {
    const t = await createTenant();
    const ids = await ownStatuses(t);
    const wf = await activeWorkflow(t, graph("Book demos", { triggerType: "manual" }, "demo_booked"));

    const deleted = await deleteStatus(t, ids.demo_booked!);
    expect(deleted.status).toBe(409);
    const message =
      `1 active workflow (${wf} "Book demos") names status demo_booked in a change_status action or status_changed trigger: ` +
      "deactivate it (POST /v1/workflows/{workflow_id}/deactivate), or change its nodes and activate again, before deleting it";
    expect(deleted.json).toEqual({
      success: false,
      error: { code: "CONFLICT", message, details: { field: "status_id", issue: message } },
    });
    expect(await codeOf(ids.demo_booked!)).toBe("demo_booked");

    expect((await deactivate(t, wf)).status).toBe(200);
    expect((await deleteStatus(t, ids.demo_booked!)).status).toBe(200);
    expect(await codeOf(ids.demo_booked!)).toBeNull();
  });

  it("refuses to change a status_changed trigger's code, and names leads and workflows together", async () => {
    const t = await createTenant();
    const ids = await ownStatuses(t);
    const first = await activeWorkflow(t, graph("On demo", { triggerType: "status_changed", status: "demo_booked" }, "won"));
    const second = await activeWorkflow(t, graph("Also on demo", { triggerType: "status_changed", status: "demo_booked" }, "new"));
    const draft = await call("/v1/workflows", { key: t.liveKey, body: graph("Draft", { triggerType: "manual" }, "demo_booked") });
    expect(draft.status).toBe(201);

    const recoded = await patchStatus(t, ids.demo_booked!, { code: "demo_scheduled" });
    expect(recoded.status).toBe(409);
    const workflows =
      `2 active workflows (${first} "On demo", ${second} "Also on demo") name status demo_booked ` +
      "in change_status actions or status_changed triggers";
    const remedy = "deactivate them (POST /v1/workflows/{workflow_id}/deactivate), or change their nodes and activate again";
    const message = `${workflows}: ${remedy}, before changing its code`;
    expect(recoded.json.error).toEqual({ code: "CONFLICT", message, details: { field: "code", issue: message } });

    const { leadId } = await senderAndLead(t);
    expect((await setLeadStatus(t, leadId, "demo_booked")).status).toBe(200);
    const both = await patchStatus(t, ids.demo_booked!, { code: "demo_scheduled" });
    const leads = "1 lead has status demo_booked: move it to another status (PATCH /api/v1/leads/{id})";
    expect(both.json.error.message).toBe(`${leads}; ${workflows}: ${remedy}, before changing its code`);
    expect(both.json.error.details.errors.map((e: any) => [e.field, e.issue])).toEqual([
      ["code", `${leads} before changing its code`],
      ["code", message],
    ]);

    expect((await setLeadStatus(t, leadId, "won")).status).toBe(200);
    expect((await deactivate(t, first)).status).toBe(200);
    expect((await deactivate(t, second)).status).toBe(200);
    const moved = await patchStatus(t, ids.demo_booked!, { code: "demo_scheduled" });
    expect(moved.status).toBe(200);
    expect(moved.json.data.code).toBe("demo_scheduled");
  });

  it("keeps the default where it was when a code change that would also make a status the default is refused", async () => {
    const t = await createTenant();
    const ids = await ownStatuses(t);
    await activeWorkflow(t, graph("Book demos", { triggerType: "manual" }, "demo_booked"));
    const refused = await patchStatus(t, ids.demo_booked!, { code: "demo_scheduled", isDefault: true });
    expect(refused.status).toBe(409);
    const defaults = await env.DB.prepare("SELECT code FROM statuses WHERE tenant_id = ? AND is_default = 1").bind(t.id).all();
    expect(defaults.results).toEqual([{ code: "new" }]);
    expect(await codeOf(ids.demo_booked!)).toBe("demo_booked");
  });
});

describe("the tenant's first own lead statuses, which replace the defaults", () => {
  it("are refused while an active sequence names a default code they leave out, naming the codes and workflows", async () => {
    const t = await createTenant();
    const wf = await activeWorkflow(t, graph("Qualify", { triggerType: "status_changed", status: "qualified" }, "won"));

    const one = await createStatus(t, { code: "demo_booked", name: "Demo booked" });
    expect(one.status).toBe(409);
    const message =
      `The tenant's first own lead statuses replace the defaults, and 1 active workflow (${wf} "Qualify") names default ` +
      "statuses qualified, won, which this request leaves out: include them, or deactivate the workflow " +
      "(POST /v1/workflows/{workflow_id}/deactivate) or change its nodes and activate again, first";
    expect(one.json).toEqual({ success: false, error: { code: "CONFLICT", message, details: { field: "code", issue: message } } });

    const partial = await createStatus(t, { statuses: [{ code: "qualified", name: "Qualified", isDefault: true }] });
    expect(partial.status).toBe(409);
    expect(partial.json.error.details).toEqual({
      field: "statuses",
      issue: expect.stringContaining("default status won, which this request leaves out: include it,"),
    });
    expect((await call("/v1/config/statuses", { key: t.liveKey })).json.data).toEqual([]);

    const kept = await createStatus(t, {
      statuses: [
        { code: "qualified", name: "Qualified", isDefault: true },
        { code: "won", name: "Won" },
      ],
    });
    expect(kept.status).toBe(201);
    expect((await createStatus(t, { code: "demo_booked", name: "Demo booked" })).status).toBe(201);
  });

  it("are taken once the sequence naming the defaults is inactive", async () => {
    const t = await createTenant();
    const wf = await activeWorkflow(t, graph("Qualify", { triggerType: "manual" }, "qualified"));
    expect((await deactivate(t, wf)).status).toBe(200);
    expect((await createStatus(t, { code: "demo_booked", name: "Demo booked" })).status).toBe(201);
  });
});
