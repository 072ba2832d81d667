import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../src/db/schema";

// A small prospect pool where the right answer to the lead-generation seed's profile is known:
// the contacts in EXPECTED match it; every other one misses on exactly one criterion.
const companies = [
  {
    key: "northwind",
    name: "Northwind Manufacturing",
    domain: "northwind-mfg.example",
    industry: "manufacturing",
    employees: 250,
    revenueUsd: 15e6,
    country: "United States",
    city: "Chicago",
    keywords: ["workflow automation", "digital transformation"],
    description: "Automation of plant processes",
  },
  {
    key: "brightlane",
    name: "Brightlane Software",
    domain: "brightlane.example",
    industry: "saas",
    employees: 120,
    revenueUsd: 8e6,
    country: "Canada",
    city: "Toronto",
    keywords: ["digital transformation"],
    description: null,
  },
  {
    key: "kestrel",
    name: "Kestrel Tech",
    domain: "kestrel-tech.example",
    industry: "technology",
    employees: 80,
    revenueUsd: 4e6,
    country: "UK",
    city: "Leeds",
    keywords: ["cloud"],
    description: "Cost-reduction consulting",
  },
  {
    key: "ironbridge",
    name: "Ironbridge Industrial",
    domain: "ironbridge.example",
    industry: "industrial",
    employees: 400,
    revenueUsd: 30e6,
    country: "USA",
    city: "Detroit",
    keywords: ["workflow automation", "efficiency"],
    description: null,
  },
  // Near misses, one criterion each.
  {
    key: "talentforge",
    name: "Talentforge",
    domain: "talentforge.example",
    industry: "technology",
    employees: 200,
    revenueUsd: 10e6,
    country: "United States",
    city: "Austin",
    keywords: ["staffing", "workflow automation"],
    description: null,
  },
  {
    key: "bigco",
    name: "Bigco Manufacturing",
    domain: "bigco.example",
    industry: "manufacturing",
    employees: 5000,
    revenueUsd: 40e6,
    country: "United States",
    city: "Ohio",
    keywords: [],
    description: null,
  },
  {
    key: "alpenwerk",
    name: "Alpenwerk",
    domain: "alpenwerk.example",
    industry: "manufacturing",
    employees: 150,
    revenueUsd: 20e6,
    country: "Germany",
    city: "Munich",
    keywords: ["workflow automation"],
    description: null,
  },
  {
    key: "healthnet",
    name: "Healthnet",
    domain: "healthnet.example",
    industry: "healthcare",
    employees: 200,
    revenueUsd: 12e6,
    country: "United States",
    city: "Boston",
    keywords: ["automation"],
    description: null,
  },
  {
    key: "nosite",
    name: "Nosite Tech",
    domain: null,
    industry: "tech",
    employees: 100,
    revenueUsd: 5e6,
    country: "United States",
    city: "Denver",
    keywords: [],
    description: null,
  },
  {
    key: "tinyco",
    name: "Tinyco",
    domain: "tinyco.example",
    industry: "saas",
    employees: 12,
    revenueUsd: 1.5e6,
    country: "United States",
    city: "Miami",
    keywords: [],
    description: null,
  },
  {
    key: "megarev",
    name: "Megarev Software",
    domain: "megarev.example",
    industry: "software",
    employees: 450,
    revenueUsd: 80e6,
    country: "Canada",
    city: "Ottawa",
    keywords: [],
    description: null,
  },
];

const contacts = [
  { company: "northwind", firstName: "Jane", lastName: "Smith", title: "CTO", email: "jane.smith@northwind-mfg.example" },
  { company: "northwind", firstName: "Raj", lastName: "Patel", title: "VP Ops", email: "raj@northwind-mfg.example" },
  { company: "northwind", firstName: "Lisa", lastName: "Wong", title: "Marketing Manager", email: "lisa@northwind-mfg.example" },
  { company: "brightlane", firstName: "Tom", lastName: "Reed", title: "Chief Technology Officer", email: "tom@brightlane.example" },
  { company: "brightlane", firstName: "Ana", lastName: "Lima", title: "Director of Engineering", email: "ana@brightlane.example" },
  { company: "brightlane", firstName: null, lastName: null, title: "CTO", email: "info@brightlane.example" },
  { company: "kestrel", firstName: "Sam", lastName: "Cole", title: "CTO", email: "sam.cole@gmail.com" },
  { company: "ironbridge", firstName: "Mia", lastName: "Chen", title: "Vice President of Operations", email: "mia@ironbridge.example" },
  { company: "ironbridge", firstName: "Leo", lastName: "Park", title: "Head of Engineering", email: "leo@ironbridge.example" },
  { company: "ironbridge", firstName: "Eve", lastName: "Stone", title: "Recruiter", email: "eve@ironbridge.example" },
  { company: "talentforge", firstName: "Ken", lastName: "Ito", title: "CTO", email: "ken@talentforge.example" },
  { company: "bigco", firstName: "Bo", lastName: "Lund", title: "CTO", email: "bo@bigco.example" },
  { company: "alpenwerk", firstName: "Jonas", lastName: "Vogel", title: "CTO", email: "jonas@alpenwerk.example" },
  { company: "healthnet", firstName: "Ida", lastName: "Gray", title: "CTO", email: "ida@healthnet.example" },
  { company: "nosite", firstName: "Al", lastName: "Moss", title: "CTO", email: "al@nosite-mail.example" },
  { company: "tinyco", firstName: "Pia", lastName: "Ruiz", title: "CTO", email: "pia@tinyco.example" },
  { company: "megarev", firstName: "Ray", lastName: "Hart", title: "CTO", email: "ray@megarev.example" },
];

/** The contacts that match the seed's profile. */
export const EXPECTED = [
  "jane.smith@northwind-mfg.example",
  "raj@northwind-mfg.example",
  "tom@brightlane.example",
  "ana@brightlane.example",
  "info@brightlane.example",
  "sam.cole@gmail.com",
  "mia@ironbridge.example",
  "leo@ironbridge.example",
];

export async function loadKnownPool(tenantId: string, testMode = false): Promise<void> {
  const db = drizzle(env.DB, { schema });
  const at = new Date().toISOString();
  const ids = new Map<string, string>();
  for (const c of companies) {
    const id = `pco_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`;
    ids.set(c.key, id);
    const { key: _key, ...fields } = c;
    await db
      .insert(schema.prospectCompanies)
      .values({ id, tenantId, testMode, ...fields, sizeBand: null, technologies: [], createdAt: at, updatedAt: at });
  }
  for (const p of contacts) {
    const { company, ...fields } = p;
    await db.insert(schema.prospectContacts).values({
      id: `pct_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`,
      tenantId,
      testMode,
      companyId: ids.get(company)!,
      ...fields,
      phone: null,
      linkedin: null,
      country: null,
      city: null,
      createdAt: at,
      updatedAt: at,
    });
  }
}
