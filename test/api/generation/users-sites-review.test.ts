import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SEED_REQUEST } from "../../../src/api/agents/lead-generation/schemas";
import { call, createTenant } from "../../support/http";

// A review of /v1/users and /v1/sites: racing email changes, and deleting what commands name.

describe("PATCH /v1/users/{user_id} with an email", () => {
  it("gives racing changes to one email to one user and answers the others 409 naming email", async () => {
    const t = await createTenant("enterprise");
    const ids: string[] = [];
    for (const name of ["A", "B", "C", "D"])
      ids.push((await call("/v1/users", { key: t.liveKey, body: { name, email: `${name}@x.example` } })).json.data.id);
    const results = await Promise.all(
      ids.map((id) => call(`/v1/users/${id}`, { key: t.liveKey, method: "PATCH", body: { email: "Same@x.example" } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = ids[results.findIndex((r) => r.status === 200)];
    for (const lost of results.filter((r) => r.status === 409))
      expect(lost.json).toEqual({
        success: false,
        error: {
          code: "CONFLICT",
          message: `A user with email same@x.example already exists (${winner})`,
          details: { field: "email", issue: "Another user has this email" },
        },
      });
    const holders = await env.DB.prepare("SELECT id FROM users WHERE tenant_id = ? AND email = ?").bind(t.id, "same@x.example").all();
    expect(holders.results).toEqual([{ id: winner }]);
  });

  it("answers 404 for a user that does not exist, even with a taken email", async () => {
    const t = await createTenant();
    await call("/v1/users", { key: t.liveKey, body: { name: "A", email: "a@x.example" } });
    const res = await call("/v1/users/user_nobody", { key: t.liveKey, method: "PATCH", body: { email: "a@x.example" } });
    expect(res.status).toBe(404);
  });
});

describe("DELETE /v1/sites/{site_id} and /v1/users/{user_id} while lead generation commands name them", () => {
  it("refuses with 409 naming how many processing commands, and deletes once they are cancelled; the other mode is apart", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    // The command waits for a turn behind one ahead of it, so it is still processing when asked.
    await workflows.modifyAll((m) => m.mockStepResult({ name: "turn 0" }, 1));
    const t = await createTenant("growth");
    const site = { id: "site_456abc", name: "Acme", url: "https://acme.example" };
    const user = { id: "user_123xyz", name: "Sam", email: "sam@acme.example" };
    expect((await call("/v1/sites", { key: t.liveKey, body: site })).status).toBe(201);
    expect((await call("/v1/users", { key: t.liveKey, body: user })).status).toBe(201);
    const command = await call("/api/agents/sales/leadGeneration", {
      key: t.liveKey,
      body: { ...SEED_REQUEST, siteId: site.id, userId: user.id, priority: "low" },
    });
    expect(command.status).toBe(202);
    const refusals = async () => ({
      site: await call(`/v1/sites/${site.id}`, { key: t.liveKey, method: "DELETE" }),
      user: await call(`/v1/users/${user.id}`, { key: t.liveKey, method: "DELETE" }),
    });
    const expected = {
      site: {
        success: false,
        error: {
          code: "CONFLICT",
          message:
            "Site site_456abc is named by 1 processing lead generation command: cancel it " +
            "(DELETE /api/agents/sales/leadGeneration/{command_id}) or let it finish first",
          details: { field: "site_id", issue: "1 processing lead generation command names this site" },
        },
      },
      user: {
        success: false,
        error: {
          code: "CONFLICT",
          message:
            "User user_123xyz is named by 1 processing lead generation command: cancel it " +
            "(DELETE /api/agents/sales/leadGeneration/{command_id}) or let it finish first",
          details: { field: "user_id", issue: "1 processing lead generation command names this user" },
        },
      },
    };
    const processing = await refusals();
    expect([processing.site.status, processing.user.status]).toEqual([409, 409]);
    expect({ site: processing.site.json, user: processing.user.json }).toEqual(expected);

    const commandId = command.json.data.command_id;
    expect((await call(`/api/agents/sales/leadGeneration/${commandId}`, { key: t.liveKey, method: "DELETE" })).status).toBe(200);
    const cancelled = await refusals();
    expect([cancelled.site.status, cancelled.user.status]).toEqual([200, 200]);
    expect((await call(`/v1/sites/${site.id}`, { key: t.liveKey })).status).toBe(404);
    expect((await call(`/api/agents/sales/leadGeneration/status/${commandId}`, { key: t.liveKey })).json.data.site_id).toBe(site.id);

    // Test-mode rows with the same ids are named by no test command.
    await call("/v1/sites", { key: t.testKey, body: { id: site.id, name: "Sandbox", url: "https://s.example" } });
    await call("/v1/users", { key: t.testKey, body: { id: user.id, name: "Sandbox", email: "sam@acme.example" } });
    expect((await call(`/v1/sites/${site.id}`, { key: t.testKey, method: "DELETE" })).status).toBe(200);
    expect((await call(`/v1/users/${user.id}`, { key: t.testKey, method: "DELETE" })).status).toBe(200);
  });

  it("counts every processing command naming the site", async () => {
    await using workflows = await introspectWorkflow(env.LEAD_GENERATION);
    await workflows.modifyAll((m) => m.mockStepResult({ name: "turn 0" }, 1));
    const t = await createTenant("growth");
    const site = (await call("/v1/sites", { key: t.liveKey, body: { name: "Acme", url: "https://acme.example" } })).json.data;
    for (let i = 0; i < 2; i++) {
      const body = { ...SEED_REQUEST, siteId: site.id, userId: undefined, priority: "low", maxLeads: 5 };
      expect((await call("/api/agents/sales/leadGeneration", { key: t.liveKey, body })).status).toBe(202);
    }
    const res = await call(`/v1/sites/${site.id}`, { key: t.liveKey, method: "DELETE" });
    expect(res.status).toBe(409);
    expect(res.json.error.details).toEqual({ field: "site_id", issue: "2 processing lead generation commands name this site" });
  });
});
