import type { Lead } from "../../db/schema";
import type { StandardFields } from "../intake/lead-fields";
import { asSent } from "../intake/leadconduit-fields";

// API field name -> lead row property. One name per thing: the API's snake_case is the column name.
const FIELD_PROPERTY = {
  first_name: "firstName",
  last_name: "lastName",
  name: "name",
  email: "email",
  phone: "phone",
  company: "company",
  position: "position",
  industry: "industry",
  website: "website",
  address: "address",
  city: "city",
  state: "state",
  postal_code: "postalCode",
  country: "country",
  location: "location",
  company_size: "companySize",
  employees: "employees",
  revenue: "revenue",
  linkedin: "linkedin",
  source: "source",
  campaign: "campaign",
  engagement_score: "engagementScore",
  last_interaction: "lastInteractionAt",
} as const satisfies Record<keyof StandardFields, keyof Lead>;

type LeadFieldColumns = Partial<Pick<Lead, (typeof FIELD_PROPERTY)[keyof typeof FIELD_PROPERTY]>>;

/** A lead's standard fields as row properties. */
export function fieldColumns(fields: StandardFields): LeadFieldColumns {
  const columns: Record<string, unknown> = {};
  for (const [field, property] of Object.entries(FIELD_PROPERTY)) {
    const value = (fields as Record<string, unknown>)[field];
    if (value !== undefined) columns[property] = field === "last_interaction" ? new Date(value as string).toISOString() : value;
  }
  return columns as LeadFieldColumns;
}

/** What the lead says about the person, as the API shows it: standard fields that are set, then custom fields. */
export function leadData(lead: Partial<Lead>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, property] of Object.entries(FIELD_PROPERTY)) {
    const value = lead[property];
    if (value !== null && value !== undefined) data[field] = value;
  }
  return { ...data, ...lead.customFields };
}

/**
 * The lead's data in the names its source used (`phone_1` for a lead posted with LeadConduit's
 * names): what the submission API and the flow's webhook events show. Deliveries, templates and
 * scoring read `leadData`, the same names for every lead.
 */
export function leadDataAsSent(lead: Lead): Record<string, unknown> {
  return asSent(leadData(lead), lead.fieldNames);
}
