import { expect, vi } from "vitest";
import { createLead, createSender } from "./email";
import { call, type TestTenant } from "./http";

// Sequences for the run tests: a graph from a few nodes, saved and activated; enrollments read back.

export const node = (nodeId: string, type: string, data: Record<string, unknown> = {}) => ({
  nodeId,
  type,
  position: { x: 300, y: 50 },
  data: { label: nodeId, ...data },
});
export const edge = (edgeId: string, source: string, target: string, sourceHandle?: "yes" | "no") => ({
  edgeId,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

/** A linear chain trigger -> nodes[0] -> nodes[1] …, or the given edges. */
export function chain(nodes: ReturnType<typeof node>[]) {
  const all = [node("trigger-1", "trigger", { triggerType: "manual" }), ...nodes];
  return { nodes: all, edges: all.slice(1).map((n, i) => edge(`e-${i + 1}`, all[i]!.nodeId, n.nodeId)) };
}

export async function activeSequence(t: TestTenant, graph: { nodes: unknown[]; edges: unknown[] }, extra: Record<string, unknown> = {}) {
  const saved = await call("/v1/workflows", { key: t.liveKey, body: { name: "Run test", ...graph, ...extra } });
  expect(saved.status).toBe(201);
  expect(saved.json.data.problems).toEqual([]);
  const activated = await call(`/v1/workflows/${saved.json.data.id}/activate`, { key: t.liveKey, method: "POST" });
  expect(activated.status).toBe(200);
  return saved.json.data.id as string;
}

export async function enroll(t: TestTenant, sequenceId: string, leadIds: string[]) {
  const res = await call(`/v1/workflows/${sequenceId}/enrollments`, { key: t.liveKey, body: { lead_ids: leadIds } });
  expect(res.status).toBe(202);
  return res.json.data;
}

export const enrollmentOf = async (t: TestTenant, id: string) => (await call(`/v1/enrollments/${id}`, { key: t.liveKey })).json.data;

/** Waits until the enrollment's status is one of `statuses`. */
export async function enrollmentReaches(t: TestTenant, id: string, ...statuses: string[]) {
  let enrollment: any;
  await vi.waitFor(
    async () => {
      enrollment = await enrollmentOf(t, id);
      expect(statuses).toContain(enrollment.status);
    },
    { timeout: 15_000, interval: 100 },
  );
  return enrollment;
}

export async function senderAndLead(t: TestTenant, lead: Record<string, unknown> = {}) {
  const sender = await createSender(t.liveKey);
  const leadId = await createLead(t.liveKey, {
    first_name: "Jane",
    email: `jane-${crypto.randomUUID().slice(0, 8)}@globex.example`,
    ...lead,
  });
  return { sender, leadId };
}

export const email = (nodeId: string, senderId: string, subjectLine = `Subject ${nodeId}`) =>
  node(nodeId, "email", { subjectLine, body: `Hi {{lead.first_name}}, this is ${nodeId}. https://acme.example/pricing`, senderId });

/**
 * email-1, then a condition waiting for a click (it holds the enrollment while the test changes
 * something), then email-2 on either branch.
 */
export const heldByClick = (senderId: string) => ({
  nodes: [
    node("trigger-1", "trigger", { triggerType: "manual" }),
    email("email-1", senderId),
    node("cond-1", "condition", { conditionField: "email_clicked", emailNodeId: "email-1" }),
    email("email-2", senderId),
  ],
  edges: [
    edge("e-1", "trigger-1", "email-1"),
    edge("e-2", "email-1", "cond-1"),
    edge("e-3", "cond-1", "email-2", "yes"),
    edge("e-4", "cond-1", "email-2", "no"),
  ],
});
