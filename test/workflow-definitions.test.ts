import { describe, expect, it } from "vitest";
import { call, createTenant } from "./support/http";

const node = (nodeId: string, type: string, data: Record<string, unknown> = {}) => ({ nodeId, type, position: { x: 300, y: 50 }, data: { label: nodeId, ...data } });
const edge = (edgeId: string, source: string, target: string, sourceHandle?: "yes" | "no") => ({ edgeId, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

const VALID = {
  name: "CTO Outreach Sequence",
  description: "Cold outreach",
  nodes: [
    node("trigger-1", "trigger", { triggerType: "manual" }),
    node("email-1", "email", { subjectLine: "Quick question", body: "Hi there" }),
    node("wait-1", "wait", { duration: 2, durationUnit: "days" }),
    node("cond-1", "condition", { conditionField: "email_opened" }),
    node("email-2", "email", { subjectLine: "Following up", body: "Hello again" }),
    node("action-1", "action", { actionType: "add_to_list" }),
  ],
  edges: [edge("e-1", "trigger-1", "email-1"), edge("e-2", "email-1", "wait-1"), edge("e-3", "wait-1", "cond-1"), edge("e-4", "cond-1", "email-2", "yes"), edge("e-5", "cond-1", "action-1", "no")],
};

const problemsOf = async (key: string, body: unknown) => {
  const res = await call("/v1/workflows", { key, body });
  expect(res.status).toBe(400);
  expect(res.json.success).toBe(false);
  const details = res.json.error.details;
  return (details.errors ?? [details]).map((e: any) => `${e.field}: ${e.issue}`);
};

describe("/v1/workflows", () => {
  it("saves a valid graph unchanged and reads it back", async () => {
    const t = await createTenant();
    const created = await call("/v1/workflows", { key: t.liveKey, body: VALID });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ success: true, message: "Workflow created", data: { id: expect.stringMatching(/^wf_/), ...VALID } });
    const read = await call(`/v1/workflows/${created.json.data.id}`, { key: t.liveKey });
    expect(read.json.data).toEqual(created.json.data);
    expect((await call("/v1/workflows", { key: t.liveKey })).json.data.map((w: any) => w.id)).toEqual([created.json.data.id]);
  });

  it("accepts what the sequence generator answers, unchanged", async () => {
    const t = await createTenant();
    for (const prompt of ["A 5-email cold outreach sequence for B2B SaaS targeting CTOs.", "A 1-email reminder", "A 12-email onboarding series"]) {
      const generated = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: { prompt } });
      const saved = await call("/v1/workflows", { key: t.liveKey, body: generated.json.data });
      expect(saved.status).toBe(201);
    }
  });

  it.each([
    ["no trigger", { nodes: VALID.nodes.slice(1), edges: VALID.edges.slice(1) }, ["nodes: the sequence has no trigger node"]],
    ["two triggers", { nodes: [...VALID.nodes, node("trigger-2", "trigger")], edges: [...VALID.edges, edge("e-9", "trigger-2", "email-2")] }, ["nodes.trigger-2: trigger trigger-2 is a second trigger; a sequence has one", "nodes.trigger-2: node trigger-2 cannot be reached from trigger trigger-1"]],
    ["an unreachable node", { nodes: [...VALID.nodes, node("email-9", "email", { subjectLine: "s", body: "b" })], edges: VALID.edges }, ["nodes.email-9: node email-9 cannot be reached from trigger trigger-1"]],
    ["a cycle", { nodes: VALID.nodes, edges: [...VALID.edges, edge("e-6", "email-2", "wait-1")] }, ["edges.e-6: edge e-6 from email-2 back to wait-1 makes a cycle"]],
    ["a condition missing a branch", { nodes: VALID.nodes, edges: VALID.edges.filter((e) => e.edgeId !== "e-5") }, ['nodes.cond-1: condition cond-1 has no "no" branch', "nodes.action-1: node action-1 cannot be reached from trigger trigger-1"]],
    ["a 365-day wait", { nodes: VALID.nodes.map((n) => (n.nodeId === "wait-1" ? node("wait-1", "wait", { duration: 365, durationUnit: "days" }) : n)), edges: VALID.edges }, ["nodes.wait-1: wait wait-1 lasts 365 days; a wait is 1 minute to 90 days"]],
    ["a wait in fortnights", { nodes: VALID.nodes.map((n) => (n.nodeId === "wait-1" ? node("wait-1", "wait", { duration: 1, durationUnit: "fortnights" }) : n)), edges: VALID.edges }, ["nodes.wait-1: wait wait-1 has durationUnit fortnights; use minutes, hours, days or weeks"]],
    ["an email without a body", { nodes: VALID.nodes.map((n) => (n.nodeId === "email-2" ? node("email-2", "email", { subjectLine: "s" }) : n)), edges: VALID.edges }, ["nodes.email-2: email email-2 has no body"]],
    ["an edge to a missing node", { nodes: VALID.nodes, edges: VALID.edges.map((e) => (e.edgeId === "e-4" ? edge("e-4", "cond-1", "email-7", "yes") : e)) }, ["edges.e-4: edge e-4 leads to email-7, which is not a node", "nodes.email-2: node email-2 cannot be reached from trigger trigger-1"]],
    ["a duplicate node id", { nodes: [...VALID.nodes, node("email-1", "email", { subjectLine: "s", body: "b" })], edges: VALID.edges }, ["nodes.email-1: node id email-1 is used twice"]],
  ])("rejects %s, naming the node or edge", async (_, graph, expected) => {
    const t = await createTenant();
    expect(await problemsOf(t.liveKey, { name: "Broken", ...graph })).toEqual(expected);
  });

  it("re-validates on update, and is the tenant's own", async () => {
    const t = await createTenant();
    const id = (await call("/v1/workflows", { key: t.liveKey, body: VALID })).json.data.id;
    const broken = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PUT", body: { edges: VALID.edges.slice(0, 3) } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.details.errors.map((e: any) => e.field)).toEqual(["nodes.cond-1", "nodes.cond-1", "nodes.email-2", "nodes.action-1"]);
    const renamed = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PUT", body: { name: "Renamed" } });
    expect(renamed.json.data).toMatchObject({ name: "Renamed", nodes: VALID.nodes });
    const other = await createTenant();
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      expect((await call(`/v1/workflows/${id}`, { key: other.liveKey, method, ...(method === "PUT" ? { body: { name: "x" } } : {}) })).status).toBe(404);
    }
    expect((await call("/v1/workflows", { key: other.liveKey })).json.data).toEqual([]);
    expect((await call("/v1/workflows", { key: t.testKey })).json.data).toEqual([]);
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "DELETE" })).json.data).toEqual({ id, deleted: true });
  });
});
