import fc from "fast-check";

// Inputs for the spec-driven fuzzer (test/fuzz.test.ts): values that follow a JSON Schema from
// /openapi.json, and the hostile values a careless or malicious client sends instead.

type Schema = Record<string, any>;

const MAX_DEPTH = 5;

/** Strings that have broken parsers, queries and expression engines elsewhere. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "' OR '1'='1' --",
  "'; DROP TABLE leads; --",
  "1; SELECT * FROM api_keys",
  '" OR 1=1 --',
  "%' AND 1=0 UNION SELECT key_hash FROM api_keys --",
  'lead.email == "" || true',
  "size(lead) > 0 && 1 / 0 == 1",
  "lead.custom_fields['x'].exists(v, v == v)",
  "[1,2,3].map(x, [1,2,3].map(y, [1,2,3].map(z, x)))",
  "{{7*7}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  "${7*7}",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  "http://127.0.0.1:8787/admin/tenants",
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C",
  "\uD800",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀 ñ 漢字 العربية",
  "\r\nSet-Cookie: x=1",
  "NaN",
  "-1",
  "1e400",
  "null",
  "true",
  "[]",
  "{}",
  "x".repeat(70_000),
];

/** Numbers at the edges: negative, zero, fractional where integers are expected, beyond int64. */
export const HOSTILE_NUMBERS = [-1, 0, -0, 0.5, -2_147_483_649, 2 ** 53 + 1, 1e21, -1e300, 1e308, Number.MIN_VALUE];

/** A value nested `depth` levels deep, as objects or arrays. */
export function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Any JSON value of the wrong kind for wherever it is put. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], { "": null }, JSON.parse('{"__proto__": {"polluted": true}}'), {
    constructor: { prototype: { polluted: true } },
  }),
  fc.constantFrom(nested(200, false), nested(200, true), nested(20, false)),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2_000 }),
);

/** Bodies that are not JSON at all, or not the JSON the operation documents. */
export const MALFORMED_JSON = [
  '{"a":',
  "{'a': 1}",
  '{"a": 1,}',
  "[1, 2",
  "\u0000",
  "undefined",
  '{"a": NaN}',
  '"unterminated',
  "{}}",
  "\uFEFF{}",
];

function resolve(schema: Schema, doc: Schema): Schema {
  let current = schema;
  for (let hops = 0; current?.$ref && hops < 20; hops++) {
    const path = (current.$ref as string).replace(/^#\//, "").split("/");
    current = path.reduce((node: any, part) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current ?? {};
}

/** The properties an object schema requires at its top level. */
export function requiredOf(schema: Schema, doc: Schema): string[] {
  const resolved = resolve(schema, doc);
  return Array.isArray(resolved.required) ? resolved.required : [];
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 24, 24));
  switch (schema.format) {
    case "email":
      return fc.emailAddress();
    case "uri":
    case "url":
      return fc.webUrl();
    case "date-time":
      return fc
        .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
        .map((d) => d.toISOString());
    case "date":
      return fc
        .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case "uuid":
      return fc.uuid();
  }
  const examples = [schema.example, ...(schema.examples ?? [])].filter((e) => typeof e === "string");
  const free = fc.string({ minLength: min, maxLength: max });
  return examples.length ? fc.oneof(fc.constantFrom(...examples), free) : free;
}

/** A value that follows `schema` (as far as a generator can without solving patterns). */
export function valueFor(schema: Schema, doc: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  if ("const" in s) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives) && alternatives.length) return fc.oneof(...alternatives.map((a: Schema) => valueFor(a, doc, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts: Schema[] = s.allOf.map((a: Schema) => resolve(a, doc));
    const merged: Schema = {
      ...Object.assign({}, ...parts),
      properties: Object.assign({}, ...parts.map((part) => part.properties)),
      required: parts.flatMap((part) => part.required ?? []),
    };
    return valueFor(merged, doc, depth);
  }
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ["object"] : [];
  if (type.length > 1) return fc.oneof(...type.map((t: string) => valueFor({ ...s, type: t }, doc, depth)));
  switch (type[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: s.minimum ?? -1_000, max: s.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: s.minimum ?? -1_000, max: s.maximum ?? 1_000_000, noNaN: true, noDefaultInfinity: true });
    case "string":
      return stringFor(s);
    case "array": {
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
      return depth >= MAX_DEPTH ? fc.constant([]) : fc.array(valueFor(s.items ?? {}, doc, depth + 1), { minLength, maxLength });
    }
    case "object": {
      const properties: Record<string, Schema> = s.properties ?? {};
      const required: string[] = s.required ?? [];
      if (depth >= MAX_DEPTH) return fc.constant({});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) record[name] = valueFor(property, doc, depth + 1);
      return fc.record(record, { requiredKeys: required.filter((name) => name in properties) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

/** Every place inside a JSON value where a property or element could be replaced or removed. */
function slots(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (path.length > MAX_DEPTH) return out;
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push([...path, i]);
      slots(v, [...path, i], out);
    });
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push([...path, k]);
      slots(v, [...path, k], out);
    }
  return out;
}

/** `value` with the slot number `pick` (modulo the slots there are) replaced by `replacement`, or removed. */
export function mutate(value: unknown, pick: number, replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(value);
  const all = slots(copy);
  if (all.length === 0) return remove ? {} : replacement;
  const path = all[pick % all.length]!;
  const parent = path.slice(0, -1).reduce((node: any, key) => node[key], copy) as any;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}
