// The demo tenant's prospect pool: fictional companies and people on reserved `.example` domains,
// made deterministically, so a local run can show lead generation end to end. The seed's example
// profile (saas/tech/manufacturing, 51–500 employees, US/Canada/UK, $1M–$50M, CTO / Head of
// Engineering / VP of Operations, no recruiting or staffing) matches 72 of its contacts; the rest
// miss on one criterion each (staffing, size, country, industry, revenue, role).

const FIRST = [
  "Avery",
  "Blake",
  "Casey",
  "Devon",
  "Emery",
  "Finley",
  "Harper",
  "Jordan",
  "Kendall",
  "Logan",
  "Morgan",
  "Parker",
  "Quinn",
  "Reese",
  "Rowan",
  "Sawyer",
  "Skyler",
  "Taylor",
];
const LAST = [
  "Abbott",
  "Barrow",
  "Calloway",
  "Dunmore",
  "Ellery",
  "Fairchild",
  "Grayson",
  "Hollis",
  "Ingram",
  "Jessup",
  "Kingsley",
  "Lockhart",
  "Merriweather",
  "Northcott",
  "Oakes",
  "Prescott",
];
const PLACES = [
  ["United States", "Chicago"],
  ["Canada", "Toronto"],
  ["United Kingdom", "Manchester"],
  ["United States", "Austin"],
  ["Canada", "Vancouver"],
  ["United Kingdom", "Bristol"],
];
const MATCHING_INDUSTRIES = ["saas", "technology", "manufacturing", "software", "industrial"];
const KEYWORDS = [
  "workflow automation;digital transformation",
  "automation;efficiency",
  "digital transformation;cloud",
  "cost-reduction;lean manufacturing",
];
const WORDS = [
  "Northwind",
  "Bluepeak",
  "Cobalt",
  "Driftwood",
  "Evergreen",
  "Foxglove",
  "Granite",
  "Harbor",
  "Ironwood",
  "Juniper",
  "Keystone",
  "Lakeshore",
  "Maple",
  "Nimbus",
  "Orchard",
  "Pinecrest",
  "Quarry",
  "Redwood",
  "Summit",
  "Tidewater",
  "Upland",
  "Vantage",
  "Willow",
  "Yarrow",
];
const SUFFIX = { saas: "Cloud", technology: "Tech", manufacturing: "Manufacturing", software: "Software", industrial: "Industrial" };

const MATCHING_ROLES = [["CTO"], ["Head of Engineering", "Director of Engineering"], ["VP of Operations", "VP Ops"]];

/** Rows in the import's columns: one per contact. */
export function demoPoolRows() {
  const rows = [];
  let person = 0;
  const contact = (company, title) => {
    const first = FIRST[person % FIRST.length];
    const last = LAST[(person * 7) % LAST.length];
    person++;
    return {
      ...company,
      first_name: first,
      last_name: last,
      title,
      email: `${first}.${last}${person}@${company.domain}`.toLowerCase(),
      linkedin: `linkedin.com/in/${first}-${last}-${person}`.toLowerCase(),
    };
  };
  WORDS.forEach((word, i) => {
    const industry = MATCHING_INDUSTRIES[i % MATCHING_INDUSTRIES.length];
    const [country, city] = PLACES[i % PLACES.length];
    const company = {
      company: `${word} ${SUFFIX[industry]}`,
      domain: `${word.toLowerCase()}-${SUFFIX[industry].toLowerCase()}.example`,
      industry,
      employees: 60 + ((i * 53) % 420),
      revenue_usd: 2_000_000 + ((i * 3_700_000) % 43_000_000),
      country,
      city,
      keywords: KEYWORDS[i % KEYWORDS.length],
    };
    for (const titles of MATCHING_ROLES) rows.push(contact(company, titles[i % titles.length]));
    rows.push(contact(company, "Marketing Manager"));
  });
  const misses = [
    ...["Talentbridge Staffing", "Hireline Recruiting", "Crewpoint Staffing", "Peoplewise Recruiting"].map((name) => ({
      name,
      industry: "technology",
      employees: 200,
      revenue_usd: 9e6,
      country: "United States",
      keywords: "staffing;recruiting",
    })),
    ...["Colossus Manufacturing", "Titanworks Industrial", "Megaline Software"].map((name) => ({
      name,
      industry: "manufacturing",
      employees: 4200,
      revenue_usd: 40e6,
      country: "United States",
      keywords: "automation",
    })),
    ...["Rheinwerk Maschinenbau", "Alpenstahl Manufacturing", "Elbe Software"].map((name) => ({
      name,
      industry: "manufacturing",
      employees: 300,
      revenue_usd: 20e6,
      country: "Germany",
      keywords: "workflow automation",
    })),
    ...["Meadow Health", "Ledgerly Finance", "Basket Retail", "Wellspring Clinics"].map((name, i) => ({
      name,
      industry: ["healthcare", "finance", "retail", "healthcare"][i],
      employees: 150,
      revenue_usd: 12e6,
      country: "Canada",
      keywords: "automation",
    })),
    ...["Bigsky Cloud", "Skyward Software"].map((name) => ({
      name,
      industry: "saas",
      employees: 450,
      revenue_usd: 120e6,
      country: "United Kingdom",
      keywords: "digital transformation",
    })),
  ];
  misses.forEach((m, i) => {
    const company = {
      company: m.name,
      domain: `${m.name.toLowerCase().replace(/\s+/g, "-")}.example`,
      industry: m.industry,
      employees: m.employees,
      revenue_usd: m.revenue_usd,
      country: m.country,
      city: "Springfield",
      keywords: m.keywords,
    };
    for (const title of ["CTO", "CEO", i % 2 ? "Recruiter" : "Head of Engineering"]) rows.push(contact(company, title));
  });
  return rows;
}
