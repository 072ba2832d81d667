import { z } from "@hono/zod-openapi";
import type { ProspectCompany, ProspectContact } from "../../../db/schema";
import { MAX_IMPORT_ROWS } from "../../../domain/lead-generation/pool-import";
import { PageInfo } from "../../../platform/envelopes";

export const CSV_EXAMPLE = [
  "company,domain,industry,employees,revenue_usd,country,city,keywords,first_name,last_name,title,email,phone,linkedin",
  "Northwind Manufacturing,northwind-mfg.example,manufacturing,250,15000000,United States,Chicago," +
    "workflow automation;digital transformation," +
    "Jane,Smith,CTO,jane.smith@northwind-mfg.example,+1 312 555 0100,linkedin.com/in/janesmith",
].join("\n");

export const ImportCsv = z.string().openapi({ description: "A header row, then one row per contact (or company)" });

export const ImportJson = z
  .object({
    rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_IMPORT_ROWS).openapi({
      description: "One object per row, with the CSV's column names (any accepted spelling); `keywords` and `technologies` may be arrays",
    }),
  })
  .openapi("ProspectImportRows");

export const ImportReport = z
  .object({
    success: z.literal(true),
    data: z.object({
      rows: z.number().int(),
      companies_created: z.number().int(),
      companies_updated: z.number().int(),
      contacts_created: z.number().int(),
      contacts_updated: z.number().int(),
      failed: z.number().int().openapi({ description: "Rows skipped for errors" }),
      errors: z.array(
        z.object({
          row: z.number().int().openapi({ description: "As in the file: the header is row 1" }),
          field: z.string(),
          issue: z.string(),
        }),
      ),
    }),
  })
  .openapi("ProspectImportReport");

const deleted = (name: string) =>
  z
    .object({
      success: z.literal(true),
      data: z.object({ id: z.string(), deleted: z.literal(true), contacts_deleted: z.number().int().optional() }),
    })
    .openapi(name);
export const CompanyDeleted = deleted("ProspectCompanyDeleted");
export const ContactDeleted = deleted("ProspectContactDeleted");

export const Company = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    size_band: z.string().nullable(),
    revenue_usd: z.number().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable().openapi({ description: "State, province or other subdivision", example: "Illinois" }),
    city: z.string().nullable(),
    keywords: z.array(z.string()),
    description: z.string().nullable(),
    technologies: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("ProspectCompany");

export const Contact = z
  .object({
    id: z.string(),
    company_id: z.string().nullable(),
    company: z.object({ name: z.string(), domain: z.string().nullable() }).nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    title: z.string().nullable(),
    email: z.string(),
    phone: z.string().nullable(),
    linkedin: z.string().nullable(),
    country: z.string().nullable(),
    region: z.string().nullable(),
    city: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("ProspectContact");

export const CompanyPage = z
  .object({ success: z.literal(true), data: z.object({ companies: z.array(Company), pagination: PageInfo }) })
  .openapi("ProspectCompanyPage");
export const ContactPage = z
  .object({ success: z.literal(true), data: z.object({ contacts: z.array(Contact), pagination: PageInfo }) })
  .openapi("ProspectContactPage");

const page = {
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  per_page: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  q: z.string().max(100).optional().openapi({ description: "Part of a name, domain, email or title" }),
};
export const CompanyQuery = z.object({ ...page, industry: z.string().max(100).optional() });
export const ContactQuery = z.object({ ...page, company_id: z.string().max(64).optional() });

export function renderCompany(c: ProspectCompany): z.infer<typeof Company> {
  return {
    id: c.id,
    name: c.name,
    domain: c.domain,
    industry: c.industry,
    employees: c.employees,
    size_band: c.sizeBand,
    revenue_usd: c.revenueUsd,
    country: c.country,
    region: c.region,
    city: c.city,
    keywords: c.keywords,
    description: c.description,
    technologies: c.technologies,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function renderContact({
  contact: c,
  company,
}: {
  contact: ProspectContact;
  company: { name: string; domain: string | null } | null;
}): z.infer<typeof Contact> {
  return {
    id: c.id,
    company_id: c.companyId,
    company,
    first_name: c.firstName,
    last_name: c.lastName,
    title: c.title,
    email: c.email,
    phone: c.phone,
    linkedin: c.linkedin,
    country: c.country,
    region: c.region,
    city: c.city,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}
