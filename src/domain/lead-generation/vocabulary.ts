// The deterministic rules that widen an ideal-customer profile: industry synonyms, role titles
// reduced to comparable tokens and company-size bands (places.ts has the places). A configured model may
// add synonyms (analysis.ts); these rules always apply, so matching never depends on it.

const INDUSTRY_SYNONYMS: Record<string, string[]> = {
  saas: ["saas", "software", "software as a service", "cloud software", "b2b software"],
  software: ["software", "saas", "enterprise software", "cloud software"],
  tech: ["tech", "technology", "information technology", "it services", "software", "saas"],
  technology: ["technology", "tech", "information technology", "it services", "software"],
  manufacturing: ["manufacturing", "industrial", "industrial manufacturing", "industrial automation"],
  healthcare: ["healthcare", "health care", "medical", "health", "hospitals"],
  finance: ["finance", "financial services", "fintech", "banking", "insurance"],
  fintech: ["fintech", "financial technology", "payments", "finance"],
  retail: ["retail", "e-commerce", "ecommerce", "consumer goods"],
  ecommerce: ["ecommerce", "e-commerce", "retail", "online retail"],
  logistics: ["logistics", "transportation", "supply chain", "freight"],
  education: ["education", "edtech", "e-learning", "higher education"],
};

/** The lower-case industry names that count as one of the target industries. */
export function industryTerms(target: string): string[] {
  const key = target.trim().toLowerCase();
  return [...new Set([key, ...(INDUSTRY_SYNONYMS[key] ?? [])])];
}

// Phrases that name one role many ways, reduced to one token each; longest first.
const ROLE_PHRASES: [RegExp, string][] = [
  [/\bchief technology officer\b/g, "cto"],
  [/\bchief executive officer\b/g, "ceo"],
  [/\bchief operating officer\b/g, "coo"],
  [/\bchief financial officer\b/g, "cfo"],
  [/\bchief marketing officer\b/g, "cmo"],
  [/\bchief information officer\b/g, "cio"],
  [/\bchief revenue officer\b/g, "cro"],
  [/\b(?:senior |executive )?vice[- ]president\b/g, "vp"],
  [/\b(?:svp|evp|avp)\b/g, "vp"],
  [/\bdirector\b/g, "head"],
  [/\bdir\b/g, "head"],
  [/\bops\b/g, "operations"],
  [/\beng\b/g, "engineering"],
  [/\bmgr\b/g, "manager"],
  [/\bsr\b/g, "senior"],
];
const ROLE_STOPWORDS = new Set(["of", "and", "the", "for", "&", "-", ","]);

/** A title as a set of comparable tokens: "VP Ops" and "Vice President of Operations" agree. */
export function roleTokens(title: string): Set<string> {
  let text = title.toLowerCase().replace(/[.,/&()]+/g, " ");
  for (const [pattern, token] of ROLE_PHRASES) text = text.replace(pattern, token);
  return new Set(text.split(/\s+/).filter((t) => t && !ROLE_STOPWORDS.has(t)));
}

/** Whether a contact's title holds a target role: every token of the role is in the title. */
export function titleHoldsRole(title: string, role: string): boolean {
  const have = roleTokens(title);
  const want = roleTokens(role);
  return want.size > 0 && [...want].every((t) => have.has(t));
}

export { canonicalCountry } from "./places";

/**
 * "51-200" (also "51–200", "51 to 200", "1,001-5,000 employees") -> [51, 200]; "10001+" -> [10001,
 * Infinity]; a range whose low end exceeds its high end, or anything else -> null.
 */
export function sizeRange(band: string): [number, number] | null {
  const text = band
    .toLowerCase()
    .replace(/[\s,]/g, "")
    .replace(/employees?$/, "")
    .replace(/[–—]|to/g, "-");
  const range = text.match(/^(\d+)-(\d+)$/);
  if (range) return Number(range[1]) <= Number(range[2]) ? [Number(range[1]), Number(range[2])] : null;
  const open = text.match(/^(\d+)\+$/);
  return open ? [Number(open[1]), Number.POSITIVE_INFINITY] : null;
}

const SIZE_BANDS: [number, number][] = [
  [1, 10],
  [11, 50],
  [51, 200],
  [201, 500],
  [501, 1000],
  [1001, 5000],
  [5001, 10000],
];

/** The usual band of a headcount: 120 -> "51-200", 20000 -> "10001+". */
export function sizeBandOf(employees: number): string {
  const band = SIZE_BANDS.find(([, high]) => employees <= high);
  return band ? `${band[0]}-${band[1]}` : "10001+";
}

/** A revenue as the seed shows it: "$15M", "$800K", "$1.2B". */
export function revenueLabel(usd: number): string {
  if (usd >= 1e9) return `$${+(usd / 1e9).toFixed(1)}B`;
  if (usd >= 1e6) return `$${+(usd / 1e6).toFixed(1)}M`;
  return `$${Math.round(usd / 1e3)}K`;
}

/** The seed's estimated_revenue: a band around the known revenue, e.g. "$15M-$25M". */
export function revenueBand(usd: number): string {
  const bands = [0, 1e6, 5e6, 10e6, 15e6, 25e6, 50e6, 100e6, 250e6, 500e6, 1e9, 5e9];
  const upper = bands.findIndex((b) => usd < b);
  if (upper <= 0) return `${revenueLabel(bands[bands.length - 1]!)}+`;
  return `${revenueLabel(bands[upper - 1]!)}-${revenueLabel(bands[upper]!)}`.replace("$0K", "$0");
}
