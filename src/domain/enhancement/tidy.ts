export interface PostalCheck {
  value: string;
  valid: boolean;
}

// A word starts the value or follows a space, hyphen or apostrophe: "jean-luc", "o'brien".
const WORD_START = /(^|[\s'’-])(\p{L})/gu;

/**
 * Trims and collapses whitespace; title-cases a name typed in one case only ("JOHN SMITH",
 * "jean-luc"). Mixed case is the person's own spelling ("McDonald", "van der Berg") and is kept.
 */
export function tidyName(raw: string): string {
  const value = raw.trim().replace(/\s+/g, " ");
  const lower = value.toLowerCase();
  const upper = value.toUpperCase();
  const oneCase = lower !== upper && (value === lower || value === upper);
  if (!oneCase) return value;
  return lower.replace(WORD_START, (_, before: string, letter: string) => before + letter.toUpperCase());
}

const US_ZIP = /^(\d{5})(?:[\s-]?(\d{4}))?$/;
// Canada Post never uses D, F, I, O, Q or U, nor W or Z as the first letter.
const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
// Outward code (area, district, optional sub-district) then inward code, whose letters are never C, I, K, M, O or V.
const GB_POSTCODE = /^(?:GIR0AA|[A-Z]{1,2}\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2})$/;
const GENERIC_POSTAL = /^[A-Z0-9 -]{1,12}$/;

/**
 * Normalises a postal code to its country's usual form and says whether it has that form. An
 * unrecognised value is returned trimmed and upper-cased, never dropped: the lead said it.
 */
export function tidyPostalCode(raw: string, country: string | null): PostalCheck {
  const value = raw.trim().replace(/\s+/g, " ").toUpperCase();
  const compact = value.replace(/[\s-]/g, "");
  switch (country?.toUpperCase()) {
    case "US": {
      const [, zip, plus4] = US_ZIP.exec(value) ?? [];
      if (!zip) return { value, valid: false };
      return { value: plus4 ? `${zip}-${plus4}` : zip, valid: true };
    }
    case "CA":
      return CA_POSTAL.test(compact) ? { value: `${compact.slice(0, 3)} ${compact.slice(3)}`, valid: true } : { value, valid: false };
    case "GB":
      return GB_POSTCODE.test(compact) ? { value: `${compact.slice(0, -3)} ${compact.slice(-3)}`, valid: true } : { value, valid: false };
    default:
      return { value, valid: GENERIC_POSTAL.test(value) };
  }
}
