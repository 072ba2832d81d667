import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { everything, type Ids } from "../support/every-resource";
import { call, createTenant } from "../support/http";
import { settled } from "../support/workflows";

// Generated from the route table in /openapi.json: every tenant operation that takes an id is
// called by another tenant (and by the owner's test-mode key) with the owner's ids, and must
// answer 404; every list must leave the owner's ids out. A new route is covered as soon as it is
// documented; a new kind of id fails here until the fixture creates one.

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
  "POST /v1/workflows/{workflow_id}/enrollments": { lead_ids: ["lead_x"] },
};

type Fixture = Awaited<ReturnType<typeof everything>>;
interface Route {
  template: string;
  verb: string;
  operation: any;
  params: string[];
}

const isTenantRoute = (operation: any) => (operation.security ?? []).some((s: Record<string, unknown>) => "apiKey" in s);

/** Every tenant operation in the document, with the ids its path takes. */
async function routeTable(): Promise<Route[]> {
  const doc = (await call("/openapi.json")).json;
  return Object.entries<any>(doc.paths).flatMap(([template, operations]) =>
    Object.entries<any>(operations)
      .filter(([, operation]) => isTenantRoute(operation))
      .map(([method, operation]) => ({
        template,
        verb: method.toUpperCase(),
        operation,
        params: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!),
      })),
  );
}

function idOf(fixture: Fixture, template: string, name: string): string {
  const id = fixture.byPath[template]?.[name] ?? fixture.ids[name];
  if (!id) throw new Error(`${template}: the sweep's fixture has no ${name}; create one in everything()`);
  return id;
}

/** The route's path with each id taken from `fixtureFor(position)`. */
const pathOf = (route: Route, fixtureFor: (position: number) => Fixture) =>
  route.params.reduce((path, name, i) => path.replace(`{${name}}`, idOf(fixtureFor(i), route.template, name)), route.template);

const bodyOf = (route: Route) =>
  BODIES[`${route.verb} ${route.template}`] ??
  (["POST", "PATCH", "PUT"].includes(route.verb) ? (route.operation.requestBody?.content?.["application/json"]?.example ?? {}) : undefined);

/** Ids of the owner's (longer than 8 characters, so they cannot turn up by chance) found in a text. */
const ownerIdsIn = (owner: Fixture, text: string, exceptIn = "") =>
  Object.entries({ ...owner.ids, ...(Object.assign({}, ...Object.values(owner.byPath)) as Ids) })
    .filter(([, id]) => id.length > 8 && text.includes(id) && !exceptIn.includes(id))
    .map(([name]) => name);

/**
 * The intruder calls every id route with the owner's ids; then, when it has resources of its own,
 * with its own ids in every position but one (its own flow with the owner's step, and so on).
 * Each answer must be 404 and name none of the owner's ids. Every list must answer the intruder
 * and leave the owner's rows out.
 */
async function sweep(routes: Route[], owner: Fixture, intruderKey: string, intruder?: Fixture) {
  const failures: string[] = [];
  let swept = 0;
  const attempt = async (route: Route, path: string) => {
    const body = bodyOf(route);
    const res = await call(path, { key: intruderKey, method: route.verb, ...(body !== undefined ? { body } : {}) });
    swept++;
    const leaked = ownerIdsIn(owner, res.text, path);
    if (res.status !== 404 || leaked.length > 0)
      failures.push(
        `${route.verb} ${path}: ${res.status}${leaked.length ? ` and showed the owner's ${leaked.join(", ")}` : ""} ${res.text.slice(0, 160)}`,
      );
  };
  for (const route of routes.filter((r) => r.params.length > 0)) {
    await attempt(
      route,
      pathOf(route, () => owner),
    );
    if (!intruder) continue;
    for (let theirs = 0; route.params.length > 1 && theirs < route.params.length; theirs++) {
      // Ids scoped to their parent (a flow's step_002) are the intruder's own under its own parent.
      const name = route.params[theirs]!;
      if (idOf(owner, route.template, name) === idOf(intruder, route.template, name)) continue;
      await attempt(
        route,
        pathOf(route, (i) => (i === theirs ? owner : intruder)),
      );
    }
  }
  for (const route of routes.filter((r) => r.verb === "GET" && r.params.length === 0)) {
    const res = await call(route.template, { key: intruderKey });
    const leaked = ownerIdsIn(owner, res.text);
    if (res.status !== 200 || leaked.length > 0)
      failures.push(`GET ${route.template}: ${res.status}${leaked.length ? ` lists the owner's ${leaked.join(", ")}` : ""}`);
  }
  return { failures, swept };
}

/**
 * The owner's own calls work, so the sweep's 404s are about ownership: every id GET answers 200,
 * and the lists that show the owner its rows are counted.
 */
async function ownerSees(routes: Route[], owner: Fixture, key: string) {
  const failures: string[] = [];
  for (const route of routes.filter((r) => r.verb === "GET" && r.params.length > 0)) {
    const path = pathOf(route, () => owner);
    const res = await call(path, { key });
    if (res.status !== 200) failures.push(`GET ${path}: ${res.status} ${res.text.slice(0, 160)}`);
  }
  let listsShowingOwnRows = 0;
  for (const route of routes.filter((r) => r.verb === "GET" && r.params.length === 0)) {
    if (ownerIdsIn(owner, (await call(route.template, { key })).text).length > 0) listsShowingOwnRows++;
  }
  return { failures, listsShowingOwnRows };
}

/** Every row the tenant owns, table by table, in a stable order. */
async function rowsOf(tenantId: string): Promise<Record<string, string[]>> {
  const tables = (
    await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' AND name <> 'tenants'",
    ).all<{ name: string }>()
  ).results;
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables)
    snapshot[name] = (await env.DB.prepare(`SELECT * FROM "${name}" WHERE tenant_id = ?`).bind(tenantId).all()).results
      .map((row) => JSON.stringify(row))
      .sort();
  return snapshot;
}

/** The owner's rows once background work (drafts, deliveries, the lead-generation command) has stopped changing them. */
async function quietRowsOf(tenantId: string) {
  let last = await rowsOf(tenantId);
  await vi.waitFor(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await rowsOf(tenantId);
      const same = JSON.stringify(now) === JSON.stringify(last);
      last = now;
      expect(same).toBe(true);
    },
    { timeout: 15_000, interval: 50 },
  );
  return last;
}

describe("tenant isolation, swept over every documented route", () => {
  it("another tenant with resources of its own, and the owner's test-mode key, get 404 for every owner id, in every position, and change none of the owner's rows", async () => {
    await using generation = await introspectWorkflow(env.LEAD_GENERATION);
    await generation.modifyAll((m) => m.disableSleeps());
    const routes = await routeTable();
    const owner = await createTenant("enterprise");
    const intruder = await createTenant("enterprise");
    const ownerFixture = await everything(owner);
    const intruderFixture = await everything(intruder);
    await settled(generation, 2);

    const control = await ownerSees(routes, ownerFixture, owner.liveKey);
    expect(control.failures).toEqual([]);
    expect(control.listsShowingOwnRows).toBeGreaterThan(15);

    const before = await quietRowsOf(owner.id);
    expect(Object.values(before).flat().length).toBeGreaterThan(40);
    const other = await sweep(routes, ownerFixture, intruder.liveKey, intruderFixture);
    expect(other.failures).toEqual([]);
    expect(other.swept).toBeGreaterThan(80);
    expect(await rowsOf(owner.id)).toEqual(before);

    const testMode = await sweep(routes, ownerFixture, owner.testKey);
    expect(testMode.failures).toEqual([]);
  });

  it("the owner's live key gets 404 for every test-mode id and never sees test-mode rows", async () => {
    await using generation = await introspectWorkflow(env.LEAD_GENERATION);
    await generation.modifyAll((m) => m.disableSleeps());
    const routes = await routeTable();
    const owner = await createTenant("enterprise");
    const fixture = await everything(owner, "test");
    await settled(generation, 1);
    expect((await ownerSees(routes, fixture, owner.testKey)).failures).toEqual([]);
    const live = await sweep(routes, fixture, owner.liveKey);
    expect(live.failures).toEqual([]);
    expect(live.swept).toBeGreaterThan(60);
  });
});
