// Where a profile's locations are: countries, the regions sales teams name ("EMEA", "DACH"),
// US states and Canadian provinces (names and codes) and "City, Country" forms, all reduced to
// canonical lower-case names so a prospect's country, region and city can be compared with them.

const COUNTRY_ALIASES: Record<string, string[]> = {
  "united states": ["united states", "us", "usa", "u.s.", "u.s.a.", "united states of america", "america"],
  "united kingdom": ["united kingdom", "uk", "u.k.", "gb", "great britain", "england", "scotland", "wales", "northern ireland"],
  canada: ["canada", "ca"],
  mexico: ["mexico", "mx", "méxico"],
  germany: ["germany", "de", "deutschland"],
  austria: ["austria", "at", "österreich"],
  switzerland: ["switzerland", "ch", "schweiz", "suisse"],
  france: ["france", "fr"],
  netherlands: ["netherlands", "nl", "the netherlands", "holland"],
  spain: ["spain", "es", "españa"],
  italy: ["italy", "it", "italia"],
  ireland: ["ireland", "ie"],
  australia: ["australia", "au"],
  "new zealand": ["new zealand", "nz"],
  japan: ["japan", "jp"],
  india: ["india"],
  singapore: ["singapore", "sg"],
  brazil: ["brazil", "br", "brasil"],
  "united arab emirates": ["united arab emirates", "uae", "ae"],
  "south africa": ["south africa", "za"],
  "south korea": ["south korea", "korea", "kr"],
};

/** The canonical country a name or code refers to, or the name itself lower-cased. */
export function canonicalCountry(name: string): string {
  const key = name.trim().toLowerCase();
  for (const [country, aliases] of Object.entries(COUNTRY_ALIASES)) if (aliases.includes(key)) return country;
  return key;
}

// biome-ignore format: a table reads best wrapped, not one entry per line
const EUROPE = [
  "united kingdom", "ireland", "germany", "austria", "switzerland", "france", "netherlands", "belgium", "luxembourg",
  "spain", "portugal", "italy", "denmark", "sweden", "norway", "finland", "iceland", "poland", "czechia",
  "czech republic", "slovakia", "hungary", "romania", "bulgaria", "greece", "croatia", "slovenia", "estonia",
  "latvia", "lithuania", "ukraine", "serbia", "malta", "cyprus",
];
const MIDDLE_EAST = ["united arab emirates", "saudi arabia", "israel", "qatar", "kuwait", "bahrain", "oman", "jordan", "turkey"];
const AFRICA = ["south africa", "nigeria", "kenya", "egypt", "morocco", "ghana", "tunisia", "ethiopia", "rwanda"];
// biome-ignore format: a table reads best wrapped, not one entry per line
const APAC = [
  "australia", "new zealand", "japan", "south korea", "china", "hong kong", "taiwan", "singapore", "india",
  "indonesia", "malaysia", "philippines", "thailand", "vietnam", "pakistan", "bangladesh", "sri lanka",
];
// biome-ignore format: a table reads best wrapped, not one entry per line
const LATAM = [
  "mexico", "brazil", "argentina", "chile", "colombia", "peru", "uruguay", "paraguay", "bolivia", "ecuador",
  "venezuela", "costa rica", "panama", "guatemala", "dominican republic", "puerto rico",
];

/** Regions that stand for several countries. */
const REGIONS: Record<string, string[]> = {
  "north america": ["united states", "canada", "mexico"],
  namer: ["united states", "canada", "mexico"],
  emea: [...EUROPE, ...MIDDLE_EAST, ...AFRICA],
  europe: EUROPE,
  eu: EUROPE.filter((c) => !["united kingdom", "switzerland", "norway", "iceland", "ukraine", "serbia"].includes(c)),
  "middle east": MIDDLE_EAST,
  africa: AFRICA,
  apac: APAC,
  "asia pacific": APAC,
  "asia-pacific": APAC,
  anz: ["australia", "new zealand"],
  latam: LATAM,
  "latin america": LATAM,
  "south america": LATAM.filter((c) => !["mexico", "costa rica", "panama", "guatemala", "dominican republic", "puerto rico"].includes(c)),
  dach: ["germany", "austria", "switzerland"],
  benelux: ["belgium", "netherlands", "luxembourg"],
  nordics: ["denmark", "sweden", "norway", "finland", "iceland"],
};

// biome-ignore format: a table reads best wrapped, not one entry per line
const US_STATES: Record<string, string> = {
  al: "alabama", ak: "alaska", az: "arizona", ar: "arkansas", ca: "california", co: "colorado", ct: "connecticut",
  de: "delaware", dc: "district of columbia", fl: "florida", ga: "georgia", hi: "hawaii", id: "idaho",
  il: "illinois", in: "indiana", ia: "iowa", ks: "kansas", ky: "kentucky", la: "louisiana", me: "maine",
  md: "maryland", ma: "massachusetts", mi: "michigan", mn: "minnesota", ms: "mississippi", mo: "missouri",
  mt: "montana", ne: "nebraska", nv: "nevada", nh: "new hampshire", nj: "new jersey", nm: "new mexico",
  ny: "new york", nc: "north carolina", nd: "north dakota", oh: "ohio", ok: "oklahoma", or: "oregon",
  pa: "pennsylvania", ri: "rhode island", sc: "south carolina", sd: "south dakota", tn: "tennessee", tx: "texas",
  ut: "utah", vt: "vermont", va: "virginia", wa: "washington", wv: "west virginia", wi: "wisconsin", wy: "wyoming",
};
// biome-ignore format: a table reads best wrapped, not one entry per line
const CA_PROVINCES: Record<string, string> = {
  ab: "alberta", bc: "british columbia", mb: "manitoba", nb: "new brunswick", nl: "newfoundland and labrador",
  ns: "nova scotia", nt: "northwest territories", nu: "nunavut", on: "ontario", pe: "prince edward island",
  qc: "quebec", sk: "saskatchewan", yt: "yukon",
};

/** A US state or Canadian province by name or code ("IL", "Illinois", "ON", "Québec"), with its country. */
export function subdivisionOf(name: string): { region: string; country: string } | null {
  const key = name
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^(us|ca)-/, "");
  for (const [table, country] of [
    [US_STATES, "united states"],
    [CA_PROVINCES, "canada"],
  ] as const) {
    const region = table[key] ?? Object.values(table).find((n) => n === key);
    if (region) return { region, country };
  }
  return null;
}

const isCountry = (name: string) =>
  Object.values(COUNTRY_ALIASES).some((aliases) => aliases.includes(name.trim().toLowerCase())) ||
  Object.values(REGIONS).some((countries) => countries.includes(name.trim().toLowerCase()));

/** A profile location: the countries it covers, or a region or city within one. */
export interface Place {
  countries: string[] | null;
  region: string | null;
  city: string | null;
}

/**
 * Reads a profile location. A bare two-letter code that is also a country's ("CA", "DE") is the
 * country, and the state is named in full or as "US-CA"; after a city, as addresses write it
 * ("San Jose, CA"), a state or province code is the state or province.
 */
export function placeOf(target: string): Place {
  const text = target.trim().toLowerCase();
  const region = REGIONS[text];
  if (region) return { countries: region, region: null, city: null };
  if (isCountry(text)) return { countries: [canonicalCountry(text)], region: null, city: null };
  const sub = subdivisionOf(text);
  if (sub) return { countries: [sub.country], region: sub.region, city: null };
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 1) {
    const last = parts.at(-1)!;
    const middle = parts.length > 2 ? parts[parts.length - 2]! : null;
    const stateCode = parts.length === 2 && last.length === 2 ? subdivisionOf(last) : null;
    if (stateCode) return { countries: [stateCode.country], region: stateCode.region, city: parts[0]! };
    if (isCountry(last)) {
      const country = canonicalCountry(last);
      const within = middle ? subdivisionOf(middle) : null;
      if (parts.length === 2 && subdivisionOf(parts[0]!)?.country === country)
        return { countries: [country], region: subdivisionOf(parts[0]!)!.region, city: null };
      return { countries: [country], region: within?.region ?? null, city: parts[0]! };
    }
    const inRegion = subdivisionOf(last);
    if (inRegion) return { countries: [inRegion.country], region: inRegion.region, city: parts[0]! };
  }
  return { countries: null, region: null, city: text };
}

/** Where a prospect is: its canonical country, its region and its city, from whatever fields it has. */
export function prospectPlace(country: string | null, region: string | null, city: string | null) {
  const cityParts = (city ?? "").split(",").map((p) => p.trim());
  const regionText = region ?? (cityParts.length > 1 ? cityParts[1]! : null);
  const sub = regionText ? subdivisionOf(regionText) : null;
  return {
    country: country ? canonicalCountry(country) : (sub?.country ?? null),
    region: sub?.region ?? regionText?.toLowerCase() ?? null,
    city: cityParts[0] ? cityParts[0].toLowerCase() : null,
  };
}

/** Whether a prospect at `at` is inside `place`: every part the place names agrees, and a city needs the prospect's. */
export function contains(place: Place, at: { country: string | null; region: string | null; city: string | null }): boolean {
  if (place.countries && !(at.country && place.countries.includes(at.country))) return false;
  if (place.region && at.region !== place.region) return false;
  if (place.city && at.city !== place.city) return false;
  return true;
}
