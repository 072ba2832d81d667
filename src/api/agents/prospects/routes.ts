import { createRoute } from "@hono/zod-openapi";
import { MAX_IMPORT_ROWS } from "../../../domain/lead-generation/pool-import";
import { idParam, json } from "../../../platform/envelopes";
import { errors, security } from "../family";
import {
  CompanyDeleted,
  CompanyPage,
  CompanyQuery,
  ContactDeleted,
  ContactPage,
  ContactQuery,
  CSV_EXAMPLE,
  ImportCsv,
  ImportJson,
  ImportReport,
} from "./schemas";

const tags = ["Lead generation"];

export const importPool = createRoute({
  operationId: "importProspects",
  method: "post",
  path: "/api/agents/sales/prospects/import",
  tags,
  security,
  summary: "Import companies and contacts into the prospect pool (CSV or JSON)",
  description:
    `Up to ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows and 10 MiB per call. ` +
    "Columns: company, domain, industry, employees, revenue_usd, country, region (state or province), city, " +
    'location ("City, Region, Country"), keywords (`;`-separated), ' +
    "description, technologies, first_name, last_name, title, email, phone, linkedin; common spellings are " +
    "accepted (company_name, website, job_title, email_address, …) and other columns ignored. A company is " +
    "upserted by its domain (or name), a contact by email; a row sets only the fields it has. Rows without an " +
    "email and without a company, and values not of their kind, are reported with their row number and skipped (207).",
  request: {
    body: {
      // A body is required; marked optional so that the JSON validator leaves CSV bodies alone.
      required: false,
      description: "Required: CSV or JSON",
      content: {
        "text/csv": { schema: ImportCsv, example: CSV_EXAMPLE },
        ...json(ImportJson, {
          rows: [
            {
              company: "Northwind Manufacturing",
              domain: "northwind-mfg.example",
              industry: "manufacturing",
              employees: 250,
              email: "jane.smith@northwind-mfg.example",
              title: "CTO",
            },
          ],
        }),
      },
    },
  },
  responses: {
    200: { description: "Every row imported", content: json(ImportReport) },
    207: { description: "Some rows failed; the others were imported", content: json(ImportReport) },
    ...errors(),
  },
});

export const listCompanies = createRoute({
  operationId: "listProspectCompanies",
  method: "get",
  path: "/api/agents/sales/prospects/companies",
  tags,
  security,
  summary: "The pool's companies",
  request: { query: CompanyQuery },
  responses: { 200: { description: "A page of companies", content: json(CompanyPage) }, ...errors() },
});

export const listContacts = createRoute({
  operationId: "listProspectContacts",
  method: "get",
  path: "/api/agents/sales/prospects/contacts",
  tags,
  security,
  summary: "The pool's contacts, with their company",
  request: { query: ContactQuery },
  responses: { 200: { description: "A page of contacts", content: json(ContactPage) }, ...errors() },
});

export const deleteCompany = createRoute({
  operationId: "deleteProspectCompany",
  method: "delete",
  path: "/api/agents/sales/prospects/companies/{company_id}",
  tags,
  security,
  summary: "Delete a company and its contacts from the pool",
  request: { params: idParam("company_id", "pco_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "Deleted", content: json(CompanyDeleted) }, ...errors(404) },
});

export const deleteContact = createRoute({
  operationId: "deleteProspectContact",
  method: "delete",
  path: "/api/agents/sales/prospects/contacts/{contact_id}",
  tags,
  security,
  summary: "Delete a contact from the pool",
  request: { params: idParam("contact_id", "pct_01jd0x5v7k2m3n4p5q6r7s8t9v") },
  responses: { 200: { description: "Deleted", content: json(ContactDeleted) }, ...errors(404) },
});
