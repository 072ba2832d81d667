import type { Flow } from "../../db/schema";
import type { TenantCtx } from "../context";
import type { CapWindow } from "../flows/cap-windows";
import type { StandardFields } from "./lead-fields";

/** One lead asking to be let through: its id and the duplicate keys it carries. */
export interface GateItem {
  leadId: string;
  keys: string[];
}

export interface GateVerdict {
  leadId: string;
  admitted: boolean;
  duplicateOf: string | null;
  matchedKey: string | null;
  capExceeded: CapWindow["name"] | null;
}

/** The flow's gate (duplicates and caps): one Durable Object per tenant, mode and flow. */
export function flowGate(ctx: TenantCtx, flowId: string) {
  const ns = ctx.env.FLOW_GATE;
  return ns.get(ns.idFromName(`${ctx.tenant.id}:${ctx.testMode ? "test" : "live"}:${flowId}`));
}

/** The key an external_id gives; it is kept and matched for good, whatever the policy's window. */
export const EXTERNAL_ID_KEY = "external_id:";

/**
 * The keys that make a lead a duplicate in its flow: its external_id always; then the policy's
 * fields, each on its own ("any") or together ("all"). A field the lead lacks adds no key.
 */
export function duplicateKeys(flow: Flow, fields: StandardFields, externalId: string | undefined): string[] {
  const keys = externalId ? [`${EXTERNAL_ID_KEY}${externalId}`] : [];
  const policy = flow.settings.duplicate_policy;
  const values = policy.keys
    .filter((k) => k !== "external_id")
    .map((k) => [k, k === "email" ? fields.email?.toLowerCase() : fields.phone] as const);
  if (policy.match === "all") {
    if (values.length > 0 && values.every(([, v]) => v)) keys.push(`all:${values.map(([k, v]) => `${k}=${v}`).join("|")}`);
  } else {
    for (const [k, v] of values) if (v) keys.push(`${k}:${v}`);
  }
  return keys;
}
