import { describe, expect, it } from "vitest";
import { call, createTenant, type TestTenant } from "../../support/http";
import { edge, node } from "../../support/sequences";

// Activation checks the lead statuses a sequence names: a change_status action's target and a
// status_changed trigger's code must be statuses of the tenant, or the action fails on every
// enrollment and the trigger never fires.

const graph = (triggerStatus: string, actionStatus: string) => ({
  name: "Status references",
  nodes: [
    node("trigger-1", "trigger", { triggerType: "status_changed", status: triggerStatus }),
    node("status-1", "action", { actionType: "change_status", status: actionStatus }),
  ],
  edges: [edge("e-1", "trigger-1", "status-1")],
});

async function activate(t: TestTenant, body: ReturnType<typeof graph>) {
  const saved = await call("/v1/workflows", { key: t.liveKey, body });
  expect(saved.status).toBe(201);
  expect(saved.json.data.problems).toEqual([]);
  const id = saved.json.data.id as string;
  return { id, res: await call(`/v1/workflows/${id}/activate`, { key: t.liveKey, method: "POST" }) };
}

const DEFAULT_CODES = "new, contacted, qualified, won, lost";

describe("activating a sequence that names lead statuses", () => {
  it("refuses codes the tenant does not have with 400, naming each node, and leaves it a draft", async () => {
    const t = await createTenant();
    const { id, res } = await activate(t, graph("qualifed", "wonn"));
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("The sequence cannot run: it has 2 problems");
    const trigger = `trigger-1 names status qualifed, which is not one of this tenant's lead statuses (${DEFAULT_CODES})`;
    const action = `status-1 names status wonn, which is not one of this tenant's lead statuses (${DEFAULT_CODES})`;
    expect(res.json.error.details.errors).toEqual([
      { field: "nodes.status-1", issue: action, message: action },
      { field: "nodes.trigger-1", issue: trigger, message: trigger },
    ]);
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey })).json.data).toMatchObject({ status: "draft", active_version: null });
  });

  it("answers a single unknown code as details.field and details.issue", async () => {
    const t = await createTenant();
    const { res } = await activate(t, graph("qualified", "qualifed"));
    const issue = `status-1 names status qualifed, which is not one of this tenant's lead statuses (${DEFAULT_CODES})`;
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      success: false,
      error: { code: "INVALID_REQUEST", message: `The sequence cannot run: ${issue}`, details: { field: "nodes.status-1", issue } },
    });
  });

  it("activates with the default statuses, and with a status of the tenant's own", async () => {
    const t = await createTenant();
    const defaults = await activate(t, graph("qualified", "won"));
    expect(defaults.res.status).toBe(200);
    expect(defaults.res.json.data.workflow).toMatchObject({ status: "active", active_version: 1 });
    // The tenant's first own statuses replace the defaults, so they keep the two the active sequence names.
    const statuses = [
      { code: "qualified", name: "Qualified", isDefault: true },
      { code: "won", name: "Won" },
      { code: "demo_booked", name: "Demo booked" },
    ];
    const own = await call("/v1/config/statuses", { key: t.liveKey, body: { statuses } });
    expect(own.status).toBe(201);
    const custom = await activate(t, graph("demo_booked", "demo_booked"));
    expect(custom.res.status).toBe(200);
  });

  it("takes a trigger on converted only when it is a status of the tenant's own: feedback fires no trigger", async () => {
    const t = await createTenant();
    const refused = await activate(t, graph("converted", "qualified"));
    expect(refused.res.status).toBe(400);
    expect(refused.res.json.error.details).toEqual({
      field: "nodes.trigger-1",
      issue: `trigger-1 names status converted, which is not one of this tenant's lead statuses (${DEFAULT_CODES})`,
    });
    const own = await call("/v1/config/statuses", {
      key: t.liveKey,
      body: {
        statuses: [
          { code: "qualified", name: "Qualified", isDefault: true },
          { code: "converted", name: "Converted" },
        ],
      },
    });
    expect(own.status).toBe(201);
    expect((await call(`/v1/workflows/${refused.id}/activate`, { key: t.liveKey, method: "POST" })).status).toBe(200);
  });
});
