import type { Lead } from "../../db/schema";

/** The currency a price is in when nothing names one: the seed's. */
export const DEFAULT_CURRENCY = "USD";

export interface Pricing {
  amount: number;
  currency: string;
}

/**
 * What a lead sold for, always the seed's object: a rejected lead, a flow without a price and a
 * lead that came in another way (scoring, forms before pricing existed) all answer amount 0, as
 * LeadConduit answers price 0, in the flow's currency when it has one.
 */
export function leadPricing(lead: Pick<Lead, "priceAmount" | "priceCurrency">): Pricing {
  return { amount: lead.priceAmount ?? 0, currency: lead.priceCurrency ?? DEFAULT_CURRENCY };
}

/** The price a flow sets for a lead it decided on: its price when accepted, 0 otherwise. */
export function priceFor(pricing: Pricing | null, accepted: boolean): Pricing {
  return { amount: accepted ? (pricing?.amount ?? 0) : 0, currency: pricing?.currency ?? DEFAULT_CURRENCY };
}
