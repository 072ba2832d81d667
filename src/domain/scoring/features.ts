import type { FeatureSpec } from "../../db/json/scoring";
import { freeMailListOf } from "../enhancement/email-lists";

// Turns any lead into a sparse numeric vector, learning from the tenant's own leads which
// attributes are numbers, dates, categories or free text, so fields nobody anticipated still count.
export type LeadRecord = Record<string, unknown>;

export interface FeatureVector {
  indices: number[];
  values: number[];
  sources: string[];
  labels: string[];
}

// Identify one person rather than describe a kind of lead: they cannot generalise.
const EXCLUDED = ["id", "email", "phone", "name", "first_name", "last_name", "external_id", "linkedin", "address"];
const DAY_MS = 86_400_000;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^-?[\d,]*\.?\d+$/.test(value.trim())) return Number(value.replace(/,/g, ""));
  return undefined;
}

function present(value: unknown): boolean {
  return (
    value !== null &&
    value !== undefined &&
    !(typeof value === "string" && value.trim() === "") &&
    !(typeof value === "number" && Number.isNaN(value)) &&
    typeof value !== "object"
  );
}

function asDaysSince(value: unknown, now: Date): number | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? (now.getTime() - at) / DAY_MS : undefined;
}

/** The attributes a model sees: the record's own, minus identifiers, plus the kind of email domain. */
function attributes(record: LeadRecord, exclude: Set<string>): [string, unknown][] {
  const entries = Object.entries(record).filter(([name, value]) => !exclude.has(name) && present(value));
  if (!exclude.has("email_domain_type")) {
    const domain = typeof record.email === "string" ? record.email.split("@")[1]?.trim().toLowerCase() : undefined;
    entries.push(["email_domain_type", domain ? (freeMailListOf(domain) ? "free" : "business") : "missing"]);
  }
  return entries;
}

// A category nearly every lead has its own value of (an order number, a company name) cannot generalise.
const IDENTIFIER_MIN_VALUES = 20;
const IDENTIFIER_DISTINCT_SHARE = 0.9;
const MAX_TOKENS = 64;

// Beyond this many standard deviations a number is clipped, so one outlier (a lead called 50 times)
// cannot outweigh the rest of a lead; but a number outside anything seen in training (a market
// that moved since) must still rank beyond the ones that were. ±5 flattened the newer part of the
// bank data's macroeconomic columns into one value (AUC 0.50 forward in time against 0.59 at ±8).
const CLIP = 8;

const tokens = (text: string) => [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];

export function learnFeatureSpec(records: LeadRecord[], now: Date, options: { buckets?: number; exclude?: string[] } = {}): FeatureSpec {
  const exclude = new Set([...EXCLUDED, ...(options.exclude ?? [])]);
  const seen = new Map<string, unknown[]>();
  for (const record of records) {
    for (const [name, value] of attributes(record, exclude)) {
      const values = seen.get(name);
      if (values) values.push(value);
      else seen.set(name, [value]);
    }
  }

  const spec: FeatureSpec = { numeric: [], dates: [], categorical: [], text: [], buckets: options.buckets ?? 1024, vocabulary: {} };
  const counts = new Map<string, Map<string, number>>();
  for (const [name, values] of seen) {
    const numbers = values.map(asNumber).filter((n): n is number => n !== undefined);
    const days = values.map((v) => asDaysSince(v, now)).filter((n): n is number => n !== undefined);
    const standardise = (feature: string, xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) || 1;
      spec.numeric.push({ name: feature, mean, std });
    };
    if (typeof values[0] !== "boolean" && numbers.length >= 0.8 * values.length) standardise(name, numbers);
    else if (days.length >= 0.8 * values.length) {
      spec.dates.push(name);
      standardise(`${name}:days_since`, days);
    } else {
      const words = values.map((v) => String(v).trim().split(/\s+/).length).reduce((a, b) => a + b, 0) / values.length;
      const distinct = new Set(values.map((v) => String(v).toLowerCase())).size;
      if (words <= 3 && values.length >= IDENTIFIER_MIN_VALUES && distinct > IDENTIFIER_DISTINCT_SHARE * values.length) continue;
      (words > 3 ? spec.text : spec.categorical).push(name);
      if (words <= 3) {
        for (const v of values) {
          const label = `${name}=${String(v).toLowerCase()}`;
          const bucket = String(fnv1a(label) % spec.buckets);
          const inBucket = counts.get(bucket) ?? new Map<string, number>();
          inBucket.set(label, (inBucket.get(label) ?? 0) + 1);
          counts.set(bucket, inBucket);
        }
      }
    }
  }
  for (const [bucket, labels] of counts) spec.vocabulary[bucket] = [...labels.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  spec.numeric.sort((a, b) => a.name.localeCompare(b.name));
  for (const list of [spec.dates, spec.categorical, spec.text]) list.sort();
  return spec;
}

export function dimension(spec: FeatureSpec): number {
  return spec.numeric.length * 2 + spec.buckets;
}

export function featurize(spec: FeatureSpec, record: LeadRecord, now: Date): FeatureVector {
  const vector: FeatureVector = { indices: [], values: [], sources: [], labels: [] };
  const push = (index: number, value: number, source: string, label: string) => {
    vector.indices.push(index);
    vector.values.push(value);
    vector.sources.push(source);
    vector.labels.push(label);
  };
  const all = new Map(attributes(record, new Set()));
  spec.numeric.forEach((feature, i) => {
    const base = feature.name.endsWith(":days_since") ? feature.name.slice(0, -":days_since".length) : feature.name;
    const raw = feature.name === base ? asNumber(all.get(base)) : asDaysSince(all.get(base), now);
    if (raw === undefined) push(i * 2 + 1, 1, base, `${base}:missing`);
    else push(i * 2, Math.max(-CLIP, Math.min(CLIP, (raw - feature.mean) / feature.std)), base, feature.name);
  });
  const offset = spec.numeric.length * 2;
  const hashed = (label: string) => offset + (fnv1a(label) % spec.buckets);
  for (const name of spec.categorical) {
    const value = all.get(name);
    const label = value === undefined ? `${name}:missing` : `${name}=${String(value).trim().toLowerCase()}`;
    push(hashed(label), 1, name, label);
  }
  for (const name of spec.text) {
    const value = all.get(name);
    if (value === undefined) {
      push(hashed(`${name}:missing`), 1, name, `${name}:missing`);
      continue;
    }
    const words = tokens(String(value)).slice(0, MAX_TOKENS);
    for (const word of words) push(hashed(`${name}~${word}`), 1 / Math.sqrt(words.length), name, `${name}~${word}`);
  }
  return vector;
}
