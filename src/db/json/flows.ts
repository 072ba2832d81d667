/** A step of a flow, in the shape `GET /api/v1/flows/{flow_id}` shows (the seed's `configuration.steps`). */
export interface FlowStep {
  id: string;
  type: "source" | "enhancement" | "recipient";
  name: string;
  position: number;
  /** Enhancement steps name their service: email_validator, phone_validator. */
  service?: string;
  settings: Record<string, unknown>;
}

export type DuplicateKey = "email" | "phone" | "external_id";

export interface DuplicatePolicy {
  /** Lead fields that identify a duplicate; `external_id` is always checked as well. */
  keys: DuplicateKey[];
  /** "any": one matching key is a duplicate; "all": every key must match together. */
  match: "any" | "all";
  window_days: number;
}

/** Who hears about the flow's leads (docs/submission.md, "Flow notifications"). */
export interface FlowNotifications {
  /** Gets an email per accepted lead, or a digest (`email_frequency`). */
  email?: string;
  /** `each_lead` (the default): one email per accepted lead (one per call for a batch); `hourly`, `daily`: a digest. */
  email_frequency?: "each_lead" | "hourly" | "daily";
  /** The sender the emails go out through; without it, the account's oldest sender. */
  sender_id?: string;
  /** Gets the flow's lead events, signed, through the webhook endpoint `webhook_endpoint_id` managed for the flow. */
  webhook_url?: string;
  webhook_endpoint_id?: string;
}

export interface FlowSettings {
  acceptance_criteria: string | null;
  /** 0..1: leads whose quality score is below it are rejected. */
  quality_threshold: number | null;
  volume_cap: { daily_limit: number | null; hourly_limit: number | null } | null;
  notifications: FlowNotifications | null;
  duplicate_policy: DuplicatePolicy;
  pricing: { amount: number; currency: string } | null;
  /** IANA time zone in which hourly and daily caps reset. */
  timezone: string;
  /** ISO 3166-1 alpha-2 country assumed for phone numbers without a country code. */
  default_country: string;
}

export const DEFAULT_SETTINGS: FlowSettings = {
  acceptance_criteria: null,
  quality_threshold: null,
  volume_cap: null,
  notifications: null,
  duplicate_policy: { keys: ["email"], match: "any", window_days: 30 },
  pricing: null,
  timezone: "UTC",
  default_country: "US",
};
