import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { everything, type Ids } from "./support/every-resource";
import { call, createTenant } from "./support/http";
import { settled } from "./support/workflows";

// Generated from the route table in /openapi.json: every tenant operation that takes an id is
// called by another tenant (and by the owner's test-mode key) with the owner's ids, and must
// answer 404; every list must leave the owner's ids out. A new route is covered as soon as it is
// documented; a new kind of id fails here until the owner's fixture creates one.

// Bodies that pass validation, so the answer is about ownership, not about the body.
const BODIES: Record<string, unknown> = {
  "POST /api/v1/flows/{flow_id}/leads": { lead: { email: "intruder@evil.example" } },
  "POST /api/v1/flows/{flow_id}/leads/batch": { leads: [{ lead: { email: "intruder@evil.example" } }] },
  "POST /api/v1/flows/{flow_id}/rules/explain": { lead: { email: "intruder@evil.example" } },
  "POST /api/v1/leads/{lead_id}/feedback": { type: "conversion" },
  "PATCH /api/v1/leads/{lead_id}": { status: "contacted" },
  "POST /v1/leads/{id}/outcome": { converted: true },
  "POST /api/v1/campaigns/{campaign_id}/leads": { lead_ids: ["lead_x"], assignment: "TEMPLATE" },
  "POST /api/v1/campaigns/{campaign_id}/playground/generate": { step_index: 1 },
};

async function sweep(owner: { ids: Ids; byPath: Record<string, Ids> }, intruderKey: string) {
  const doc = (await call("/openapi.json")).json;
  const failures: string[] = [];
  let swept = 0;
  for (const [template, operations] of Object.entries<any>(doc.paths)) {
    for (const [method, operation] of Object.entries<any>(operations)) {
      const tenantRoute = (operation.security ?? []).some((s: Record<string, unknown>) => "apiKey" in s);
      const params = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      if (!tenantRoute || params.length === 0) continue;
      const path = params.reduce((p, name) => {
        const id = owner.byPath[template]?.[name] ?? owner.ids[name];
        if (!id) throw new Error(`${template}: the sweep's fixture has no ${name}; create one in everything()`);
        return p.replace(`{${name}}`, id);
      }, template);
      const verb = method.toUpperCase();
      const body = BODIES[`${verb} ${template}`] ?? (verb === "POST" || verb === "PATCH" || verb === "PUT" ? (operation.requestBody?.content?.["application/json"]?.example ?? {}) : undefined);
      const res = await call(path, { key: intruderKey, method: verb, ...(body !== undefined ? { body } : {}) });
      swept++;
      const leaked = Object.values(owner.ids).some((id) => id.length > 8 && res.text.includes(id) && !path.includes(id));
      if (res.status !== 404 || leaked) failures.push(`${verb} ${template}: ${res.status}${leaked ? " and leaked an id" : ""} ${res.text.slice(0, 160)}`);
    }
  }
  // Lists never show the owner's rows.
  for (const [template, operations] of Object.entries<any>(doc.paths)) {
    const get = operations.get;
    if (!get || template.includes("{") || !(get.security ?? []).some((s: Record<string, unknown>) => "apiKey" in s)) continue;
    const res = await call(template, { key: intruderKey });
    const leaked = Object.entries(owner.ids).filter(([, id]) => id.length > 8 && res.text.includes(id));
    if (leaked.length > 0) failures.push(`GET ${template} lists the owner's ${leaked.map(([k]) => k).join(", ")}`);
  }
  return { failures, swept };
}

describe("tenant isolation, swept over every documented route", () => {
  it("another tenant, and the owner's test-mode key, get 404 for every id and never see the owner's rows", async () => {
    await using generation = await introspectWorkflow(env.LEAD_GENERATION);
    await generation.modifyAll((m) => m.disableSleeps());
    const owner = await createTenant("enterprise");
    const intruder = await createTenant("enterprise");
    const fixture = await everything(owner);
    await settled(generation, 1);
    const other = await sweep(fixture, intruder.liveKey);
    expect(other.failures).toEqual([]);
    expect(other.swept).toBeGreaterThan(60);
    const testMode = await sweep(fixture, owner.testKey);
    expect(testMode.failures).toEqual([]);
  });

  it("the owner's live key gets 404 for every test-mode id and never sees test-mode rows", async () => {
    await using generation = await introspectWorkflow(env.LEAD_GENERATION);
    await generation.modifyAll((m) => m.disableSleeps());
    const owner = await createTenant("enterprise");
    const fixture = await everything(owner, "test");
    await settled(generation, 1);
    const live = await sweep(fixture, owner.liveKey);
    expect(live.failures).toEqual([]);
    expect(live.swept).toBeGreaterThan(60);
  });
});
