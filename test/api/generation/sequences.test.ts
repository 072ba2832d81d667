import { describe, expect, it } from "vitest";
import { createSender } from "../../support/email";
import { call, createTenant } from "../../support/http";

const node = (nodeId: string, type: string, data: Record<string, unknown> = {}) => ({
  nodeId,
  type,
  position: { x: 300, y: 50 },
  data: { label: nodeId, ...data },
});
const edge = (edgeId: string, source: string, target: string, sourceHandle?: "yes" | "no") => ({
  edgeId,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

const VALID = {
  name: "CTO Outreach Sequence",
  description: "Cold outreach",
  nodes: [
    node("trigger-1", "trigger", { triggerType: "manual" }),
    node("email-1", "email", { subjectLine: "Quick question", body: "Hi there", senderId: "snd_1" }),
    node("wait-1", "wait", { duration: 2, durationUnit: "days" }),
    node("cond-1", "condition", { conditionField: "email_opened" }),
    node("email-2", "email", { subjectLine: "Following up", body: "Hello again", senderId: "snd_1" }),
    node("action-1", "action", { actionType: "add_tag", tag: "nurture" }),
  ],
  edges: [
    edge("e-1", "trigger-1", "email-1"),
    edge("e-2", "email-1", "wait-1"),
    edge("e-3", "wait-1", "cond-1"),
    edge("e-4", "cond-1", "email-2", "yes"),
    edge("e-5", "cond-1", "action-1", "no"),
  ],
};

/** A draft saves whatever its problems; its answer lists them, and activating it refuses with the same list. */
const problemsOf = async (key: string, body: unknown) => {
  const res = await call("/v1/workflows", { key, body });
  expect(res.status).toBe(201);
  expect(res.json.data.status).toBe("draft");
  const listed = res.json.data.problems.map((e: any) => `${e.field}: ${e.message}`);
  const activated = await call(`/v1/workflows/${res.json.data.id}/activate`, { key, method: "POST" });
  expect(activated.status).toBe(400);
  const details = activated.json.error.details;
  // Activation also checks what the graph names exists: these tests' sender snd_1 does not.
  const unknownSenders = (body as { nodes: any[] }).nodes
    .filter((n) => n.type === "email" && n.data.senderId)
    .map((n) => `nodes.${n.nodeId}: ${n.nodeId} names sender snd_1, which does not exist`);
  expect((details.errors ?? [details]).map((e: any) => `${e.field}: ${e.issue}`)).toEqual([...listed, ...unknownSenders]);
  return listed;
};

describe("/v1/workflows", () => {
  it("saves a valid graph unchanged, extra keys included, and reads it back", async () => {
    const t = await createTenant();
    const body = {
      ...VALID,
      nodes: VALID.nodes.map((n) => (n.nodeId === "action-1" ? { ...n, style: { width: 180 }, data: { ...n.data, list: "nurture" } } : n)),
      edges: VALID.edges.map((e) => (e.edgeId === "e-4" ? { ...e, label: "Opened", animated: true } : e)),
    };
    const created = await call("/v1/workflows", { key: t.liveKey, body });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      success: true,
      message: "Workflow created",
      data: { id: expect.stringMatching(/^wf_/), created_at: expect.any(String), updated_at: expect.any(String) },
    });
    const { id, created_at, updated_at, ...saved } = created.json.data;
    expect(saved).toEqual({
      ...body,
      status: "draft",
      active_version: null,
      allow_reenrollment: false,
      exit_on_reply: true,
      problems: [],
    });
    const read = await call(`/v1/workflows/${id}`, { key: t.liveKey });
    expect(read.status).toBe(200);
    expect(read.json).toEqual({ success: true, data: created.json.data });
    expect((await call("/v1/workflows", { key: t.liveKey })).json.data).toEqual([created.json.data]);
  });

  it("lists newest first with limit and offset", async () => {
    const t = await createTenant();
    const ids: string[] = [];
    for (const name of ["First", "Second", "Third"])
      ids.push((await call("/v1/workflows", { key: t.liveKey, body: { ...VALID, name } })).json.data.id);
    const page = await call("/v1/workflows?limit=2&offset=1", { key: t.liveKey });
    expect(page.status).toBe(200);
    expect(page.json.data.map((w: any) => w.name)).toEqual(["Second", "First"]);
  });

  it("accepts subject as another name for subjectLine", async () => {
    const t = await createTenant();
    const nodes = VALID.nodes.map((n) =>
      n.nodeId === "email-2" ? node("email-2", "email", { subject: "Following up", body: "Hello again" }) : n,
    );
    expect((await call("/v1/workflows", { key: t.liveKey, body: { ...VALID, nodes } })).status).toBe(201);
  });

  it("saves the seed's own generated example as a draft, listing what it lacks", async () => {
    const t = await createTenant();
    const seed = {
      name: "CTO Outreach Sequence",
      description: "Cold outreach sequence targeting B2B SaaS CTOs",
      nodes: [
        node("trigger-1", "trigger", { label: "Manual Trigger", triggerType: "manual" }),
        node("email-1", "email", { label: "Introduction Email", subjectLine: "Quick question about..." }),
        node("wait-1", "wait", { label: "Wait 2 days", duration: 2, durationUnit: "days" }),
        node("cond-1", "condition", { label: "Email opened?", conditionField: "email_opened" }),
      ],
      edges: [edge("e-1", "trigger-1", "email-1"), edge("e-2", "email-1", "wait-1"), edge("e-3", "wait-1", "cond-1")],
    };
    expect(await problemsOf(t.liveKey, seed)).toEqual([
      "nodes.email-1: email email-1 has no body (or campaignId and campaignStep to use each lead's draft)",
      "nodes.email-1: email email-1 has no senderId",
      'nodes.cond-1: condition cond-1 has no "yes" branch',
      'nodes.cond-1: condition cond-1 has no "no" branch',
    ]);
  });

  it("lists a merge field an email cannot merge, in its subject or body, as a problem naming the node", async () => {
    const t = await createTenant();
    const nodes = VALID.nodes.map((n) =>
      n.nodeId === "email-1"
        ? { ...n, data: { ...n.data, body: "Hi {{lead.frist_name}}, from {{sender.name}}" } }
        : n.nodeId === "email-2"
          ? { ...n, data: { ...n.data, subjectLine: "Again, {{first_name}}" } }
          : n,
    );
    expect(await problemsOf(t.liveKey, { ...VALID, nodes })).toEqual([
      "nodes.email-1: email email-1 body {{lead.frist_name}}: lead has no standard field 'frist_name'; a custom field merges as {{lead.custom.frist_name}}",
      'nodes.email-2: email email-2 subject {{first_name}}: is not of the form {{lead.field}} or {{lead.field | "fallback"}}',
    ]);
    const saved = await call("/v1/workflows", { key: t.liveKey, body: { ...VALID, nodes } });
    expect(saved.json.data.problems.map((p: any) => p.code)).toEqual(["unknown_merge_field", "unknown_merge_field"]);
  });

  it("accepts what the sequence generator answers, unchanged", async () => {
    const t = await createTenant();
    for (const prompt of [
      "A 5-email cold outreach sequence for B2B SaaS targeting CTOs.",
      "A 1-email reminder",
      "A 12-email onboarding series",
    ]) {
      const generated = await call("/v1/campaigns/ai/generate-sequence", { key: t.liveKey, body: { prompt } });
      const saved = await call("/v1/workflows", { key: t.liveKey, body: generated.json.data });
      expect(saved.status).toBe(201);
    }
  });

  it.each([
    ["no trigger", { nodes: VALID.nodes.slice(1), edges: VALID.edges.slice(1) }, ["nodes: the sequence has no trigger node"]],
    [
      "two triggers",
      { nodes: [...VALID.nodes, node("trigger-2", "trigger")], edges: [...VALID.edges, edge("e-9", "trigger-2", "email-2")] },
      [
        "nodes.trigger-2: trigger trigger-2 is a second trigger; a sequence has one",
        "nodes.trigger-2: node trigger-2 cannot be reached from trigger trigger-1",
      ],
    ],
    [
      "an unreachable node",
      { nodes: [...VALID.nodes, node("email-9", "email", { subjectLine: "s", body: "b", senderId: "snd_1" })], edges: VALID.edges },
      ["nodes.email-9: node email-9 cannot be reached from trigger trigger-1"],
    ],
    [
      "a cycle",
      { nodes: VALID.nodes, edges: [...VALID.edges, edge("e-6", "email-2", "wait-1")] },
      ["edges.e-6: edge e-6 from email-2 back to wait-1 makes a cycle"],
    ],
    [
      "a condition missing a branch",
      { nodes: VALID.nodes, edges: VALID.edges.filter((e) => e.edgeId !== "e-5") },
      ['nodes.cond-1: condition cond-1 has no "no" branch', "nodes.action-1: node action-1 cannot be reached from trigger trigger-1"],
    ],
    [
      "a 365-day wait",
      {
        nodes: VALID.nodes.map((n) => (n.nodeId === "wait-1" ? node("wait-1", "wait", { duration: 365, durationUnit: "days" }) : n)),
        edges: VALID.edges,
      },
      ["nodes.wait-1: wait wait-1 lasts 365 days; a wait is 1 minute to 90 days"],
    ],
    [
      "a wait in fortnights",
      {
        nodes: VALID.nodes.map((n) => (n.nodeId === "wait-1" ? node("wait-1", "wait", { duration: 1, durationUnit: "fortnights" }) : n)),
        edges: VALID.edges,
      },
      ["nodes.wait-1: wait wait-1 has durationUnit fortnights; use minutes, hours, days, business_days or weeks"],
    ],
    [
      "an email without a body",
      {
        nodes: VALID.nodes.map((n) => (n.nodeId === "email-2" ? node("email-2", "email", { subjectLine: "s", senderId: "snd_1" }) : n)),
        edges: VALID.edges,
      },
      ["nodes.email-2: email email-2 has no body (or campaignId and campaignStep to use each lead's draft)"],
    ],
    [
      "an edge to a missing node",
      { nodes: VALID.nodes, edges: VALID.edges.map((e) => (e.edgeId === "e-4" ? edge("e-4", "cond-1", "email-7", "yes") : e)) },
      ["edges.e-4: edge e-4 leads to email-7, which is not a node", "nodes.email-2: node email-2 cannot be reached from trigger trigger-1"],
    ],
    [
      "a duplicate node id",
      { nodes: [...VALID.nodes, node("email-1", "email", { subjectLine: "s", body: "b", senderId: "snd_1" })], edges: VALID.edges },
      ["nodes.email-1: node id email-1 is used twice"],
    ],
    [
      "a duplicate edge id",
      { nodes: VALID.nodes, edges: VALID.edges.map((e) => (e.edgeId === "e-2" ? { ...e, edgeId: "e-1" } : e)) },
      ["edges.e-1: edge id e-1 is used twice"],
    ],
    [
      "an email without a subject",
      {
        nodes: VALID.nodes.map((n) => (n.nodeId === "email-1" ? node("email-1", "email", { body: "b", senderId: "snd_1" }) : n)),
        edges: VALID.edges,
      },
      ["nodes.email-1: email email-1 has no subjectLine"],
    ],
    [
      "two next steps after an email",
      { nodes: VALID.nodes, edges: [...VALID.edges, edge("e-6", "email-1", "action-1")] },
      ["nodes.email-1: email email-1 has 2 outgoing edges; only a condition branches"],
    ],
    [
      "a CEL condition that does not compile, an unknown action and a trigger without its flow",
      {
        nodes: VALID.nodes.map((n) =>
          n.nodeId === "cond-1"
            ? node("cond-1", "condition", { conditionField: "expression", expression: "leed.employees > 10" })
            : n.nodeId === "action-1"
              ? node("action-1", "action", { actionType: "add_to_list" })
              : n.nodeId === "trigger-1"
                ? node("trigger-1", "trigger", { triggerType: "lead_created" })
                : n,
        ),
        edges: VALID.edges,
      },
      [
        "nodes.trigger-1: trigger trigger-1 (lead_created) needs flowId",
        expect.stringMatching(/^nodes\.cond-1: condition cond-1: .*leed.* \(at character 0\)$/),
        "nodes.action-1: action action-1 has actionType add_to_list; use change_status, add_tag, remove_tag, set_field, send_webhook, enroll, notify_owner, end",
      ],
    ],
    [
      "a notify_owner action whose to is not an email address",
      {
        nodes: VALID.nodes.map((n) =>
          n.nodeId === "action-1" ? node("action-1", "action", { actionType: "notify_owner", to: "sales at acme" }) : n,
        ),
        edges: VALID.edges,
      },
      ["nodes.action-1: action action-1 (notify_owner) has to sales at acme; use an email address"],
    ],
    [
      "a notify_owner action without a sender of its own or an email node's",
      {
        nodes: [node("trigger-1", "trigger"), node("notify-1", "action", { actionType: "notify_owner" })],
        edges: [edge("e-1", "trigger-1", "notify-1")],
      },
      ["nodes.notify-1: action notify-1 (notify_owner) needs senderId, or an email node with a senderId"],
    ],
    [
      "a path that could take more Workflow steps than an instance may",
      {
        nodes: [
          node("trigger-1", "trigger"),
          ...Array.from({ length: 60 }, (_, i) => node(`email-${i}`, "email", { subjectLine: "s", body: "b", senderId: "snd_1" })),
        ],
        edges: Array.from({ length: 60 }, (_, i) => edge(`e-${i}`, i === 0 ? "trigger-1" : `email-${i - 1}`, `email-${i}`)),
      },
      ["nodes: the longest path could take 1021 Workflow steps; an enrollment may take at most 900 (of the platform's 1,024)"],
    ],
  ])("rejects %s, naming the node or edge", async (_, graph, expected) => {
    const t = await createTenant();
    expect(await problemsOf(t.liveKey, { name: "Broken", ...graph })).toEqual(expected);
  });

  it("answers one problem on activation as details.field and details.issue", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const nodes = VALID.nodes
      .filter((n) => n.nodeId !== "action-1")
      .map((n) => (n.type === "email" ? { ...n, data: { ...n.data, senderId: sender.id } } : n));
    const saved = await call("/v1/workflows", {
      key: t.liveKey,
      body: { ...VALID, nodes, edges: VALID.edges.filter((e) => e.edgeId !== "e-5") },
    });
    const res = await call(`/v1/workflows/${saved.json.data.id}/activate`, { key: t.liveKey, method: "POST" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      success: false,
      error: {
        code: "INVALID_REQUEST",
        message: 'The sequence cannot run: condition cond-1 has no "no" branch',
        details: { field: "nodes.cond-1", issue: 'condition cond-1 has no "no" branch' },
      },
    });
  });

  it("reports several problems together", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey);
    const nodes = VALID.nodes.map((n) =>
      n.nodeId === "wait-1"
        ? node("wait-1", "wait", { duration: 0, durationUnit: "days" })
        : n.nodeId === "email-2"
          ? node("email-2", "email", { subjectLine: "s", senderId: sender.id })
          : n.type === "email"
            ? { ...n, data: { ...n.data, senderId: sender.id } }
            : n,
    );
    const saved = await call("/v1/workflows", {
      key: t.liveKey,
      body: { ...VALID, nodes, edges: [...VALID.edges, edge("e-6", "action-1", "ghost-1")] },
    });
    const res = await call(`/v1/workflows/${saved.json.data.id}/activate`, { key: t.liveKey, method: "POST" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("The sequence cannot run: it has 3 problems");
    expect(res.json.error.details.errors).toEqual([
      {
        field: "edges.e-6",
        issue: "edge e-6 leads to ghost-1, which is not a node",
        message: "edge e-6 leads to ghost-1, which is not a node",
      },
      { field: "nodes.wait-1", issue: "wait wait-1 needs a positive duration", message: "wait wait-1 needs a positive duration" },
      {
        field: "nodes.email-2",
        issue: "email email-2 has no body (or campaignId and campaignStep to use each lead's draft)",
        message: "email email-2 has no body (or campaignId and campaignStep to use each lead's draft)",
      },
    ]);
    expect((await call(`/v1/workflows/${saved.json.data.id}`, { key: t.liveKey })).json.data.status).toBe("draft");
  });

  it("keeps test-mode and live definitions apart", async () => {
    const t = await createTenant();
    const live = (await call("/v1/workflows", { key: t.liveKey, body: { ...VALID, name: "Live" } })).json.data.id;
    const test = (await call("/v1/workflows", { key: t.testKey, body: { ...VALID, name: "Test" } })).json.data.id;
    expect((await call("/v1/workflows", { key: t.testKey })).json.data.map((w: any) => w.id)).toEqual([test]);
    expect((await call("/v1/workflows", { key: t.liveKey })).json.data.map((w: any) => w.id)).toEqual([live]);
    expect((await call(`/v1/workflows/${live}`, { key: t.testKey })).status).toBe(404);
    expect((await call(`/v1/workflows/${test}`, { key: t.liveKey, method: "DELETE" })).status).toBe(404);
    expect((await call(`/v1/workflows/${test}`, { key: t.testKey })).status).toBe(200);
  });

  it("re-validates on update, and is the tenant's own", async () => {
    const t = await createTenant();
    const id = (await call("/v1/workflows", { key: t.liveKey, body: VALID })).json.data.id;
    const broken = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PATCH", body: { edges: VALID.edges.slice(0, 3) } });
    expect(broken.status).toBe(200);
    expect(broken.json.data.problems.map((e: any) => e.field)).toEqual(["nodes.cond-1", "nodes.cond-1", "nodes.email-2", "nodes.action-1"]);
    const renamed = await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "PUT", body: { name: "Renamed" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      message: "Workflow updated",
      data: { name: "Renamed", nodes: VALID.nodes, edges: VALID.edges.slice(0, 3) },
    });
    const other = await createTenant();
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      expect(
        (await call(`/v1/workflows/${id}`, { key: other.liveKey, method, ...(method === "PUT" ? { body: { name: "x" } } : {}) })).status,
      ).toBe(404);
    }
    expect((await call("/v1/workflows", { key: other.liveKey })).json.data).toEqual([]);
    expect((await call("/v1/workflows", { key: t.testKey })).json.data).toEqual([]);
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey, method: "DELETE" })).json).toEqual({
      success: true,
      data: { id, deleted: true },
      message: "Workflow deleted",
    });
    expect((await call(`/v1/workflows/${id}`, { key: t.liveKey })).status).toBe(404);
  });
});
