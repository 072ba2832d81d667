// The "max" metadata is the only build that knows number types (mobile, fixed line, …).
import { isSupportedCountry, type PhoneNumberType, parsePhoneNumberFromString } from "libphonenumber-js/max";

export type LineType =
  | "mobile"
  | "fixed_line"
  | "fixed_line_or_mobile"
  | "toll_free"
  | "premium_rate"
  | "voip"
  | "shared_cost"
  | "personal_number"
  | "pager"
  | "uan"
  | "voicemail"
  | "unknown";

export interface PhoneCheck {
  e164: string;
  /** ISO 3166-1 alpha-2; null when the calling code is shared (+1, +44) and the number does not settle it. */
  country: string | null;
  /** National formatting; carries the extension when one was given ("(212) 555-0100 ext. 12"). */
  national: string;
  /** The number lies in an assigned range; a possible but unassigned number is false, not null. */
  valid: boolean;
  line_type: LineType;
}

const LINE_TYPES: Record<PhoneNumberType, LineType> = {
  MOBILE: "mobile",
  FIXED_LINE: "fixed_line",
  FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
  TOLL_FREE: "toll_free",
  PREMIUM_RATE: "premium_rate",
  VOIP: "voip",
  SHARED_COST: "shared_cost",
  PERSONAL_NUMBER: "personal_number",
  PAGER: "pager",
  UAN: "uan",
  VOICEMAIL: "voicemail",
};

/** A country whose national numbers can be read: an ISO 3166-1 alpha-2 code libphonenumber knows. */
export const isPhoneCountry = (code: string) => isSupportedCountry(code);

/**
 * Parses a phone number written in any common punctuation, reading numbers without a "+" as
 * national to `defaultCountry`. Null when the value is not a phone number at all: unparsable,
 * letters beyond an extension marker, or the wrong length for its country.
 */
export function checkPhone(raw: string, defaultCountry: string): PhoneCheck | null {
  const country = defaultCountry.toUpperCase();
  // extract: false makes the whole value count, so "call 555 123 4567" or "1-800-FLOWERS" is refused
  // rather than mined for digits; extensions ("ext. 12", "x12", "#12") are still understood.
  const number = parsePhoneNumberFromString(raw, {
    defaultCountry: isSupportedCountry(country) ? country : undefined,
    extract: false,
  });
  if (!number?.isPossible()) return null;
  const valid = number.isValid();
  const type = valid ? number.getType() : undefined;
  return {
    e164: number.number,
    country: number.country ?? null,
    national: number.formatNational(),
    valid,
    line_type: type ? LINE_TYPES[type] : "unknown",
  };
}
