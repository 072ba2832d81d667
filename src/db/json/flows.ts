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

export interface FlowSettings {
  acceptance_criteria: string | null;
  /** 0..1: leads whose quality score is below it are rejected. */
  quality_threshold: number | null;
  volume_cap: { daily_limit: number | null; hourly_limit: number | null } | null;
  notifications: { email?: string; webhook_url?: string } | null;
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
