import type { RouteHandler } from "@hono/zod-openapi";
import { importPool as runImport, rowsFromCsv, rowsFromJson } from "../../../domain/lead-generation/pool-import";
import * as pool from "../../../domain/lead-generation/pool";
import type { AppEnv } from "../../../platform/context";
import { pageInfo } from "../../../platform/envelopes";
import { ApiError } from "../../../platform/errors";
import { tenantCtxOf } from "../../context";
import type * as routes from "./routes";
import { renderCompany, renderContact } from "./schemas";

// The route's validator checks JSON bodies; a CSV body is parsed here.
export const importPool: RouteHandler<typeof routes.importPool, AppEnv> = async (c) => {
  const csv = /^text\/csv/i.test(c.req.header("Content-Type") ?? "");
  const json = c.req.valid("json") as { rows?: Record<string, unknown>[] };
  if (!csv && !json.rows) throw ApiError.invalidField("body", "missing_required", "send a CSV (text/csv) or {\"rows\": [...]} (application/json)");
  const rows = csv ? rowsFromCsv(await c.req.text()) : rowsFromJson(json.rows!);
  if (rows.length === 0) throw ApiError.invalidField("body", "empty", "the import has no rows");
  const report = await runImport(tenantCtxOf(c), rows);
  return report.failed > 0 ? c.json({ success: true as const, data: report }, 207) : c.json({ success: true as const, data: report }, 200);
};

export const listCompanies: RouteHandler<typeof routes.listCompanies, AppEnv> = async (c) => {
  const q = c.req.valid("query");
  const { total, rows } = await pool.listCompanies(tenantCtxOf(c), { page: q.page, perPage: q.per_page }, { industry: q.industry, q: q.q });
  return c.json({ success: true as const, data: { companies: rows.map(renderCompany), pagination: pageInfo(total, q.page, q.per_page) } }, 200);
};

export const listContacts: RouteHandler<typeof routes.listContacts, AppEnv> = async (c) => {
  const q = c.req.valid("query");
  const { total, rows } = await pool.listContacts(tenantCtxOf(c), { page: q.page, perPage: q.per_page }, { companyId: q.company_id, q: q.q });
  return c.json({ success: true as const, data: { contacts: rows.map(renderContact), pagination: pageInfo(total, q.page, q.per_page) } }, 200);
};

export const deleteCompany: RouteHandler<typeof routes.deleteCompany, AppEnv> = async (c) => {
  const { company_id } = c.req.valid("param");
  const contacts = await pool.deleteCompany(tenantCtxOf(c), company_id);
  return c.json({ success: true as const, data: { id: company_id, deleted: true as const, contacts_deleted: contacts } }, 200);
};

export const deleteContact: RouteHandler<typeof routes.deleteContact, AppEnv> = async (c) => {
  const { contact_id } = c.req.valid("param");
  await pool.deleteContact(tenantCtxOf(c), contact_id);
  return c.json({ success: true as const, data: { id: contact_id, deleted: true as const } }, 200);
};
