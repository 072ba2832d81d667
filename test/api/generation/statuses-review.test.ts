import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { call, createTenant, type TestTenant } from "../../support/http";
import { activeSequence, enroll, enrollmentReaches, heldByClick, senderAndLead } from "../../support/sequences";

const visit = (url: string) => exports.default.fetch(new Request(url, { redirect: "manual" }));
const clickPath = (html: string) => html.match(/http:\/\/leadedge\.test\/t\/c\/[a-z0-9_.]+/)![0];
const messagesOf = async (t: TestTenant, leadId: string) =>
  (await call(`/api/v1/messages?lead_id=${leadId}`, { key: t.liveKey })).json.messages as any[];
const createStatus = (t: TestTenant, body: unknown) => call("/v1/config/statuses", { key: t.liveKey, body });
const patchStatus = (t: TestTenant, id: string, body: unknown) =>
  call(`/v1/config/statuses/${id}`, { key: t.liveKey, method: "PATCH", body });
const setLeadStatus = (t: TestTenant, leadId: string, status: string) =>
  call(`/api/v1/leads/${leadId}`, { key: t.liveKey, method: "PATCH", body: { status } });

describe("sequence exits for codes outside the tenant's statuses", () => {
  it.each([
    ["conversion", "converted", "won"],
    ["return", "returned", "lost"],
  ])("a lead given %s feedback (status %s) leaves its sequence as %s before the next email", async (type, status, reason) => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    const enrollmentId = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    let first: any;
    await vi.waitFor(
      async () => {
        [first] = await messagesOf(t, leadId);
        expect(first).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    const feedback = await call(`/api/v1/leads/${leadId}/feedback`, { key: t.liveKey, body: { type } });
    expect(feedback.status).toBe(201);
    expect(feedback.json.status).toBe(status);
    const full = (await call(`/api/v1/messages/${first.id}`, { key: t.liveKey })).json;
    expect((await visit(clickPath(full.html))).status).toBe(302);
    const exited = await enrollmentReaches(t, enrollmentId, "exited", "completed");
    expect(exited).toMatchObject({ status: "exited", exit_reason: reason, current_node_id: "email-2" });
    expect((await messagesOf(t, leadId)).length).toBe(1);
  });

  it("a lead at a default status keeps its closed state once the tenant's own statuses replace the defaults", async () => {
    await using runs = await introspectWorkflow(env.SEQUENCE_RUN);
    await runs.modifyAll((m) => m.disableSleeps());
    const t = await createTenant();
    const { sender, leadId } = await senderAndLead(t);
    expect((await setLeadStatus(t, leadId, "won")).status).toBe(200);
    expect((await createStatus(t, { code: "demo_scheduled", name: "Demo Scheduled" })).status).toBe(201);
    const enrollmentId = (await enroll(t, await activeSequence(t, heldByClick(sender.id)), [leadId])).enrollments[0].id;
    const exited = await enrollmentReaches(t, enrollmentId, "exited", "completed");
    expect(exited).toMatchObject({ status: "exited", exit_reason: "won", current_node_id: "email-1" });
    expect(await messagesOf(t, leadId)).toEqual([]);
  });
});

describe("statuses that leads or opportunities hold", () => {
  it("refuses to delete a lead status, or change its code, while leads hold it, saying how many and what to do", async () => {
    const t = await createTenant();
    const set = await createStatus(t, {
      statuses: [
        { code: "new", name: "New", isDefault: true },
        { code: "won", name: "Won" },
        { code: "lost", name: "Lost" },
      ],
    });
    const won = set.json.data.statuses.find((s: any) => s.code === "won");
    const leads = [(await senderAndLead(t)).leadId, (await senderAndLead(t)).leadId];
    for (const id of leads) expect((await setLeadStatus(t, id, "won")).status).toBe(200);

    const deleted = await call(`/v1/config/statuses/${won.id}`, { key: t.liveKey, method: "DELETE" });
    expect(deleted.status).toBe(409);
    const deleteMessage = "2 leads have status won: move them to another status (PATCH /api/v1/leads/{id}) before deleting it";
    expect(deleted.json).toEqual({
      success: false,
      error: { code: "CONFLICT", message: deleteMessage, details: { field: "status_id", issue: deleteMessage } },
    });
    const recoded = await patchStatus(t, won.id, { code: "closed_won" });
    expect(recoded.status).toBe(409);
    expect(recoded.json.error).toMatchObject({
      code: "CONFLICT",
      message: "2 leads have status won: move them to another status (PATCH /api/v1/leads/{id}) before changing its code",
      details: { field: "code" },
    });
    const kept = await env.DB.prepare("SELECT code FROM statuses WHERE id = ?").bind(won.id).first("code");
    expect(kept).toBe("won");

    expect((await setLeadStatus(t, leads[0]!, "lost")).status).toBe(200);
    expect((await call(`/v1/config/statuses/${won.id}`, { key: t.liveKey, method: "DELETE" })).json.error.message).toBe(
      "1 lead has status won: move it to another status (PATCH /api/v1/leads/{id}) before deleting it",
    );
    expect((await setLeadStatus(t, leads[1]!, "lost")).status).toBe(200);
    expect((await patchStatus(t, won.id, { code: "closed_won" })).json.data.code).toBe("closed_won");
    expect((await call(`/v1/config/statuses/${won.id}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
  });

  it("refuses to delete a stage an opportunity is at", async () => {
    const t = await createTenant();
    const pilot = (await createStatus(t, { entityType: "opportunity", code: "pilot", name: "Pilot", defaultProbability: 30 })).json.data;
    const { leadId } = await senderAndLead(t);
    const deal = await call("/v1/opportunities", { key: t.liveKey, body: { leadId, name: "Pilot deal", stage: "pilot" } });
    expect(deal.status).toBe(201);
    const deleted = await call(`/v1/config/statuses/${pilot.id}`, { key: t.liveKey, method: "DELETE" });
    expect(deleted.status).toBe(409);
    expect(deleted.json.error).toMatchObject({
      code: "CONFLICT",
      message: "1 opportunity is at stage pilot: move it to another stage (PATCH /v1/opportunities/{id}) before deleting it",
      details: { field: "status_id" },
    });
  });
});

describe("POST /v1/config/statuses validation names the field", () => {
  const wrongType = "Invalid input: expected number, received string";
  it.each([
    [{ code: "ok" }, "name", "name is required"],
    [{ name: "Only name" }, "code", "code is required"],
    [{ code: "ok", name: "Ok", sortOrder: "2" }, "sortOrder", wrongType],
    [{ statuses: [{ code: "a" }] }, "statuses[0].name", "statuses[0].name is required"],
    [
      { entityType: "opportunity", stages: [{ code: "a", name: "A", defaultProbability: "10" }] },
      "stages[0].defaultProbability",
      wrongType,
    ],
    [{ entityType: "lead", stages: [{ code: "a", name: "A" }] }, "entityType", 'Invalid input: expected "opportunity"'],
  ])("%j is a 400 naming %s", async (body, field, issue) => {
    const t = await createTenant();
    const res = await createStatus(t, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field, issue } });
    expect(res.json.error.details.errors).toBeUndefined();
  });

  it("names the status rules' fields as the schema does", async () => {
    const t = await createTenant();
    const probability = await createStatus(t, { code: "hot", name: "Hot", defaultProbability: 50 });
    expect(probability.status).toBe(400);
    expect(probability.json.error.details).toEqual({
      field: "defaultProbability",
      issue: "defaultProbability belongs to opportunity stages",
    });
    const inSet = await createStatus(t, {
      entityType: "opportunity",
      stages: [{ code: "won", name: "Won", isWon: true, isClosed: false }],
    });
    expect(inSet.json.error.details).toEqual({ field: "stages[0].isWon", issue: "a won status must be closed (isClosed: true)" });
    const open = (await createStatus(t, { code: "open", name: "Open" })).json.data;
    const patched = await patchStatus(t, open.id, { isWon: true, isClosed: false });
    expect(patched.status).toBe(400);
    expect(patched.json.error.details).toEqual({ field: "isWon", issue: "a won status must be closed (isClosed: true)" });
  });
});

describe("a won status is closed", () => {
  it("closes a status created with isWon and no isClosed, and one PATCHed to won", async () => {
    const t = await createTenant();
    const stage = await createStatus(t, {
      entityType: "opportunity",
      code: "signed",
      name: "Signed",
      isWon: true,
      defaultProbability: 100,
    });
    expect(stage.status).toBe(201);
    expect(stage.json.data).toMatchObject({ code: "signed", isClosed: true, isWon: true, defaultProbability: 100 });
    const lead = await createStatus(t, { code: "signed", name: "Signed", isWon: true });
    expect(lead.json.data).toMatchObject({ entityType: "lead", isClosed: true, isWon: true });
    const open = (await createStatus(t, { entityType: "opportunity", code: "trial", name: "Trial", defaultProbability: 40 })).json.data;
    const won = await patchStatus(t, open.id, { isWon: true });
    expect(won.status).toBe(200);
    expect(won.json.data).toMatchObject({ isClosed: true, isWon: true });
  });
});

describe("concurrent writes of one code", () => {
  it("answers the racing creates of one code with one 201 and 409s naming code", async () => {
    const t = await createTenant();
    const answers = await Promise.all(Array.from({ length: 5 }, () => createStatus(t, { code: "hot", name: "Hot" })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of answers.filter((r) => r.status === 409))
      expect(refused.json.error).toMatchObject({ code: "CONFLICT", details: { field: "code", issue: "code hot is taken" } });
    const listed = (await call("/v1/config/statuses", { key: t.liveKey })).json.data;
    expect(listed.map((s: any) => [s.code, s.isDefault])).toEqual([["hot", true]]);
  });

  it("answers racing PATCHes of two statuses to one code with one 200 and a 409 naming code", async () => {
    const t = await createTenant();
    const set = await createStatus(t, {
      statuses: [
        { code: "a", name: "A" },
        { code: "b", name: "B" },
      ],
    });
    const ids = set.json.data.statuses.map((s: any) => s.id);
    const answers = await Promise.all(ids.map((id: string) => patchStatus(t, id, { code: "same" })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.json.error).toMatchObject({ code: "CONFLICT", details: { field: "code" } });
  });
});
