import * as pool from "../../../domain/lead-generation/pool";
import { importUpload } from "../../../domain/lead-generation/pool-upload";
import { pageInfo } from "../../../platform/envelopes";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderCompany, renderContact } from "./schemas";

// The route's validator checks JSON bodies and leaves others alone (`{}`, so no rows); a CSV body is read here.
export const importPool: AppRouteHandler<typeof routes.importPool> = async (c) => {
  const csv = /^text\/csv/i.test(c.req.header("Content-Type") ?? "");
  const body = c.req.valid("json");
  const report = await importUpload(
    tenantCtxOf(c),
    csv ? { csv: await c.req.text() } : { rows: typeof body === "string" ? undefined : body.rows },
  );
  return report.failed > 0 ? c.json(ok(report), 207) : c.json(ok(report), 200);
};

export const listCompanies: AppRouteHandler<typeof routes.listCompanies> = async (c) => {
  const q = c.req.valid("query");
  const { total, rows } = await pool.listCompanies(tenantCtxOf(c), { page: q.page, perPage: q.per_page }, { industry: q.industry, q: q.q });
  return c.json(ok({ companies: rows.map(renderCompany), pagination: pageInfo(total, q.page, q.per_page) }), 200);
};

export const listContacts: AppRouteHandler<typeof routes.listContacts> = async (c) => {
  const q = c.req.valid("query");
  const { total, rows } = await pool.listContacts(
    tenantCtxOf(c),
    { page: q.page, perPage: q.per_page },
    { companyId: q.company_id, q: q.q },
  );
  return c.json(ok({ contacts: rows.map(renderContact), pagination: pageInfo(total, q.page, q.per_page) }), 200);
};

export const deleteCompany: AppRouteHandler<typeof routes.deleteCompany> = async (c) => {
  const { company_id } = c.req.valid("param");
  const contacts = await pool.deleteCompany(tenantCtxOf(c), company_id);
  return c.json(ok({ id: company_id, deleted: true as const, contacts_deleted: contacts }), 200);
};

export const deleteContact: AppRouteHandler<typeof routes.deleteContact> = async (c) => {
  const { contact_id } = c.req.valid("param");
  await pool.deleteContact(tenantCtxOf(c), contact_id);
  return c.json(ok({ id: contact_id, deleted: true as const }), 200);
};
