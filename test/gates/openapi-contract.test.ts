import { describe, expect, it } from "vitest";
import { admin } from "../support/http";
import { checkContract } from "../support/openapi-contract";

// The checker every `call()` goes through must itself fail on drift, or the suite proves nothing.
describe("the OpenAPI response check", () => {
  const url = "http://leadedge.test/v1/models/settings";
  const valid = {
    status: "success",
    data: { hot_threshold: 90, warm_threshold: 50, deal_value: 25000, min_outcomes_per_class: 50, updated_at: null },
  };

  it("passes a documented answer", async () => {
    await expect(checkContract("GET", url, 200, "application/json", valid)).resolves.toBeUndefined();
  });

  it("fails an undeclared status", async () => {
    await expect(checkContract("GET", url, 418, "application/json", valid)).rejects.toThrow(
      /answered 418, which the OpenAPI document does not declare/,
    );
  });

  it("fails a body that drifts from its schema", async () => {
    await expect(
      checkContract("GET", url, 200, "application/json", { ...valid, data: { ...valid.data, hot_threshold: "ninety" } }),
    ).rejects.toThrow(/\/data\/hot_threshold must be integer/);
    await expect(checkContract("GET", url, 200, "application/json", { status: "success" })).rejects.toThrow(
      /must have required property 'data'/,
    );
  });

  it("fails a field the document does not name, at any depth, and inside an allOf", async () => {
    await expect(
      checkContract("GET", url, 200, "application/json", { ...valid, data: { ...valid.data, key_hash: "leaked" } }),
    ).rejects.toThrow(/\/data must NOT have unevaluated properties \{"unevaluatedProperty":"key_hash"\}/);
    await expect(checkContract("GET", url, 200, "application/json", { ...valid, debug: true })).rejects.toThrow(
      /unevaluatedProperty":"debug"/,
    );
    // TenantCreated is allOf Tenant and the two keys: its parts are open, the whole is closed.
    const tenant = await admin("/admin/tenants", { body: { name: "Acme", plan: "starter" } });
    expect(tenant.status).toBe(201);
    await expect(
      checkContract("POST", "http://leadedge.test/admin/tenants", 201, "application/json", { ...tenant.json, internal_note: "x" }),
    ).rejects.toThrow(/unevaluatedProperty":"internal_note"/);
  });

  it("fails a content type the document does not declare for the answer", async () => {
    await expect(checkContract("GET", url, 200, "text/html; charset=UTF-8", undefined)).rejects.toThrow(
      /answered 200 as text\/html; charset=UTF-8, which the document does not declare \(declared: application\/json\)/,
    );
    await expect(checkContract("POST", "http://leadedge.test/f/pk_x", 429, "text/html; charset=UTF-8", undefined)).resolves.toBeUndefined();
  });

  it("checks error bodies in the family's dialect", async () => {
    await expect(checkContract("GET", url, 401, "application/json", { error: { code: "unauthorized" } })).rejects.toThrow(/does not match/);
  });

  it("prefers the literal path over a parameter (/v1/models/settings, not /v1/models/{id})", async () => {
    await expect(checkContract("GET", url, 404, "application/json", valid)).rejects.toThrow(/GET \/v1\/models\/settings answered 404/);
  });
});

describe("the examples in /openapi.json", () => {
  it("every request and response example matches its own schema (the seeds' examples among them)", async () => {
    const { call } = await import("../support/http");
    const doc = (await call("/openapi.json")).json;
    const Ajv2020 = (await import("ajv/dist/2020")).default;
    const addFormats = (await import("ajv-formats")).default;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...doc, $id: "https://leadedge.test/examples.json" });
    const esc = (p: string) => p.replace(/~/g, "~0").replace(/\//g, "~1");
    const failures: string[] = [];
    let checked = 0;
    const withExamples = new Set<string>();
    for (const [path, operations] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const bodies: [string, any][] = [
          ...Object.entries<any>(operation.requestBody?.content ?? {}).map(
            ([type, media]) => [`requestBody/content/${esc(type)}`, media] as [string, any],
          ),
          ...Object.entries<any>(operation.responses ?? {}).flatMap(([status, response]) =>
            Object.entries<any>(response.content ?? {}).map(
              ([type, media]) => [`responses/${status}/content/${esc(type)}`, media] as [string, any],
            ),
          ),
        ];
        for (const [where, media] of bodies) {
          if (media.example === undefined || !media.schema) continue;
          checked++;
          withExamples.add(operation.operationId);
          const validate = ajv.compile({ $ref: `https://leadedge.test/examples.json#/paths/${esc(path)}/${method}/${where}/schema` });
          if (!validate(media.example)) failures.push(`${method.toUpperCase()} ${path} ${where}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(20);
    // The seeds' request examples are among them.
    for (const id of [
      "submitLead",
      "submitLeadBatch",
      "analyzeLeads",
      "scoreLeadBatch",
      "createLeadGeneration",
      "generateSequence",
      "generateLandingPage",
      "generateStatuses",
      "generateOpportunityStages",
      "playgroundGenerate",
    ]) {
      expect(withExamples).toContain(id);
    }
  });
});
