import type { FieldIssue } from "../../platform/errors";
import { checkEmail } from "../enhancement/email";
import type { EmailLists } from "../enhancement/email-lists";
import { sizeBandOf, sizeRange } from "./vocabulary";

/** A company as one import row describes it; absent fields are left as they are on an update. */
export interface CompanyFields {
  name: string | null;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  sizeBand: string | null;
  revenueUsd: number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  keywords: string[] | null;
  description: string | null;
  technologies: string[] | null;
}

export interface ContactFields {
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  email: string;
  phone: string | null;
  linkedin: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
}

export type PoolRow = { row: number; company: CompanyFields | null; contact: ContactFields | null } | { row: number; errors: FieldIssue[] };

// Header spellings people use, reduced to the pool's columns (keys are lower-case, with spaces
// and hyphens as underscores).
const HEADERS: Record<string, string> = {
  company: "company",
  company_name: "company",
  organization: "company",
  organisation: "company",
  account: "company",
  account_name: "company",
  domain: "domain",
  website: "domain",
  company_domain: "domain",
  company_website: "domain",
  url: "domain",
  web: "domain",
  industry: "industry",
  sector: "industry",
  vertical: "industry",
  employees: "employees",
  employee_count: "employees",
  headcount: "employees",
  company_size: "employees",
  size: "employees",
  num_employees: "employees",
  number_of_employees: "employees",
  revenue_usd: "revenue_usd",
  revenue: "revenue_usd",
  annual_revenue: "revenue_usd",
  revenue_usd_annual: "revenue_usd",
  country: "country",
  city: "city",
  region: "region",
  state: "region",
  province: "region",
  state_province: "region",
  location: "location",
  keywords: "keywords",
  tags: "keywords",
  description: "description",
  about: "description",
  technologies: "technologies",
  tech: "technologies",
  tech_stack: "technologies",
  first_name: "first_name",
  firstname: "first_name",
  given_name: "first_name",
  fname: "first_name",
  last_name: "last_name",
  lastname: "last_name",
  surname: "last_name",
  family_name: "last_name",
  lname: "last_name",
  name: "name",
  full_name: "name",
  contact_name: "name",
  title: "title",
  job_title: "title",
  position: "title",
  role: "title",
  email: "email",
  email_address: "email",
  e_mail: "email",
  work_email: "email",
  phone: "phone",
  phone_number: "phone",
  telephone: "phone",
  mobile: "phone",
  linkedin: "linkedin",
  linkedin_url: "linkedin",
  linkedin_profile: "linkedin",
};

/** The pool column a header names, or undefined for a column the pool does not keep. */
export function columnOf(header: string): string | undefined {
  return HEADERS[
    header
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_")
  ];
}

/**
 * One row's values by pool column, from `[column, value]` pairs (no column: one the pool does not
 * keep). Several headers name one column (Phone and Mobile are both phone), so a blank value never
 * replaces one another column gave.
 */
export function poolValues(pairs: [column: string | undefined, value: unknown][]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [column, value] of pairs) if (column && (text(value) !== null || !(column in values))) values[column] = value;
  return values;
}

const text = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s === "" ? null : s;
};

const list = (value: unknown): string[] | null => {
  if (Array.isArray(value))
    return value
      .map(String)
      .map((s) => s.trim())
      .filter(Boolean);
  const s = text(value);
  return s === null
    ? null
    : s
        .split(";")
        .map((p) => p.trim())
        .filter(Boolean);
};

/** "https://www.Acme.example/about" -> "acme.example". */
export function domainOf(value: string): string | null {
  const raw = value.trim().toLowerCase();
  try {
    const host = new URL(/^[a-z]+:\/\//.test(raw) ? raw : `https://${raw}`).hostname.replace(/^www\./, "");
    return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

/** "$15M", "15,000,000", "2.5b", "800k" -> a number of dollars. */
function dollars(value: string): number | null {
  const m = value
    .replace(/[$,\s]/g, "")
    .toLowerCase()
    .match(/^(\d+(?:\.\d+)?)([kmb])?$/);
  if (!m) return null;
  return Number(m[1]) * (m[2] === "k" ? 1e3 : m[2] === "m" ? 1e6 : m[2] === "b" ? 1e9 : 1);
}

/**
 * One import row, keyed by pool column (see `columnOf`), checked and normalised. A row needs an
 * email or a company (name or domain); what is present must be of its kind.
 */
export function poolRow(row: number, values: Record<string, unknown>, lists: EmailLists): PoolRow {
  const errors: FieldIssue[] = [];
  const get = (column: string) => text(values[column]);

  const rawDomain = get("domain");
  const domain = rawDomain === null ? null : domainOf(rawDomain);
  if (rawDomain !== null && domain === null)
    errors.push({ field: "domain", code: "invalid_format", message: `${rawDomain} is not a domain or website` });

  let employees: number | null = null;
  let sizeBand: string | null = null;
  const rawEmployees = get("employees");
  if (rawEmployees !== null) {
    const n = Number(rawEmployees.replace(/,/g, ""));
    if (Number.isInteger(n) && n >= 0) employees = n;
    else if (sizeRange(rawEmployees)) sizeBand = rawEmployees.replace(/\s/g, "");
    else
      errors.push({
        field: "employees",
        code: "invalid_type",
        message: `${rawEmployees} is not a number of employees or a band like 51-200`,
      });
  }
  if (employees !== null) sizeBand = sizeBandOf(employees);

  const rawRevenue = get("revenue_usd");
  const revenueUsd = rawRevenue === null ? null : dollars(rawRevenue);
  if (rawRevenue !== null && revenueUsd === null)
    errors.push({ field: "revenue_usd", code: "invalid_type", message: `${rawRevenue} is not an amount of dollars` });

  const rawEmail = get("email");
  const email = rawEmail === null ? null : checkEmail(rawEmail, lists);
  if (rawEmail !== null && email === null)
    errors.push({ field: "email", code: "invalid_format", message: `${rawEmail} is not an email address` });

  const companyName = get("company");
  if (rawEmail === null && companyName === null && rawDomain === null)
    errors.push({ field: "email", code: "missing_required", message: "a row needs an email or a company (name or domain)" });
  if (errors.length > 0) return { row, errors };

  // "City, Country" or "City, Region, Country" when the row has a location but no city or country of its own.
  const [locCity, ...locRest] = (get("location") ?? "").split(",").map((s) => s.trim());
  const city = get("city") ?? (locRest.length ? locCity || null : null);
  const country = get("country") ?? (locRest.length ? locRest.at(-1) || null : locCity || null);
  const region = get("region") ?? (locRest.length > 1 ? locRest.at(-2) || null : null);

  const company: CompanyFields | null =
    companyName !== null || domain !== null
      ? {
          name: companyName,
          domain,
          industry: get("industry")?.toLowerCase() ?? null,
          employees,
          sizeBand,
          revenueUsd,
          country,
          region,
          city,
          keywords: list(values.keywords),
          description: get("description"),
          technologies: list(values.technologies),
        }
      : null;
  let firstName = get("first_name");
  let lastName = get("last_name");
  const fullName = get("name");
  if (firstName === null && lastName === null && fullName !== null) {
    const [first, ...rest] = fullName.split(/\s+/);
    firstName = first ?? null;
    lastName = rest.join(" ") || null;
  }
  const contact: ContactFields | null = email
    ? {
        firstName,
        lastName,
        title: get("title"),
        email: `${email.address.split("@")[0]}@${email.domain}`.toLowerCase(),
        phone: get("phone"),
        linkedin: get("linkedin"),
        country,
        region,
        city,
      }
    : null;
  return { row, company, contact };
}
