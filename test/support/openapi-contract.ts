import { exports } from "cloudflare:workers";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

// Every response an integration test gets through `call()` is checked against the OpenAPI
// document the Worker serves: its status must be declared for the operation, and a JSON body must
// match the declared schema. A route whose real answers drift from its documentation fails here.

const DOC_ID = "https://leadedge.test/openapi.json";

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Contract {
  ajv: Ajv2020;
  routes: { method: string; template: string; pattern: RegExp; params: number; operation: Operation }[];
}

let contract: Promise<Contract> | undefined;

async function load(): Promise<Contract> {
  const doc = (await (await exports.default.fetch(new Request("http://leadedge.test/openapi.json"))).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...closed(structuredClone(doc)), $id: DOC_ID });
  const routes = Object.entries(doc.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\\{[^}]+\\\}|\{[^}]+\}/g, "[^/]+")}$`),
      params: (template.match(/\{/g) ?? []).length,
      operation,
    })),
  );
  return { ajv, routes };
}

/**
 * The document with every object schema that lists its properties, and says nothing of others,
 * closed to others: an answer with a field the document does not name (renamed, or internal and
 * leaked) fails, instead of passing as an "additional property". A part of an `allOf` stays open,
 * since it sees only its own properties; the `allOf` as a whole is closed instead.
 */
function closed<T extends object>(doc: T): T {
  const parts = new Set<unknown>();
  const partRefs = new Set<string>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== "object") return;
    const schema = node as Record<string, unknown>;
    if (Array.isArray(schema.allOf)) {
      for (const part of schema.allOf as Record<string, unknown>[]) {
        parts.add(part);
        if (typeof part.$ref === "string") partRefs.add(part.$ref);
      }
    }
    Object.values(schema).forEach(collect);
  };
  const close = (node: unknown, ref: string) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) close(item, `${ref}/${i}`);
      return;
    }
    if (!node || typeof node !== "object") return;
    const schema = node as Record<string, unknown>;
    const open = !("additionalProperties" in schema) && !("unevaluatedProperties" in schema);
    const describesObject = (schema.properties && typeof schema.properties === "object") || Array.isArray(schema.allOf);
    if (open && describesObject && !parts.has(schema) && !partRefs.has(ref)) schema.unevaluatedProperties = false;
    for (const [key, value] of Object.entries(schema)) if (key !== "example" && key !== "examples") close(value, `${ref}/${pointer(key)}`);
  };
  collect(doc);
  close(doc, "#");
  return doc;
}

const mediaType = (type: string) => type.split(";")[0]!.trim().toLowerCase();

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** Throws when the response is not one the document declares for this method and path. */
export async function checkContract(method: string, url: string, status: number, contentType: string | null, json: unknown): Promise<void> {
  contract ??= load();
  const { ajv, routes } = await contract;
  const path = new URL(url).pathname;
  const candidates = routes.filter((r) => r.method === method && r.pattern.test(path)).sort((a, b) => a.params - b.params);
  const route = candidates[0];
  if (!route) return; // Not an operation (unknown paths, wrong methods, /openapi.json, /docs).
  const declared = route.operation.responses[String(status)] ?? route.operation.responses.default;
  if (!declared)
    throw new Error(
      `${method} ${route.template} answered ${status}, which the OpenAPI document does not declare (declared: ${Object.keys(route.operation.responses).join(", ")})`,
    );
  const declaredTypes = Object.keys(declared.content ?? {}).map(mediaType);
  if (contentType && declaredTypes.length > 0 && !declaredTypes.includes(mediaType(contentType))) {
    throw new Error(
      `${method} ${route.template} answered ${status} as ${contentType}, which the document does not declare (declared: ${declaredTypes.join(", ")})`,
    );
  }
  if (!contentType?.includes("json") || json === undefined) return;
  const key = Object.keys(declared.content ?? {}).find((k) => k.includes("json"));
  if (!key) throw new Error(`${method} ${route.template} answered ${status} with JSON, but the document declares no JSON body for it`);
  const ref = `${DOC_ID}#/${pointer("paths", route.template, method.toLowerCase(), "responses", String(status) in route.operation.responses ? String(status) : "default", "content", key, "schema")}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  if (!validate(json)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || "(body)"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
    throw new Error(
      `${method} ${route.template} ${status}: the body does not match the documented schema:\n  ${problems.join("\n  ")}\nbody: ${JSON.stringify(json).slice(0, 600)}`,
    );
  }
}
