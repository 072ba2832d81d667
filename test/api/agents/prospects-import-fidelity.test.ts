import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { call, createTenant } from "../../support/http";

const importCsv = (key: string, csv: string) =>
  call("/api/agents/sales/prospects/import", { key, rawBody: csv, headers: { "Content-Type": "text/csv" } });

describe("POST /api/agents/sales/prospects/import keeps what the file says", () => {
  it("finds a company without a domain by its name in any case, non-ASCII letters included", async () => {
    const t = await createTenant();
    const first = await importCsv(t.liveKey, "company,industry\nÖkoStrom,energy");
    expect(first.json.data).toMatchObject({ companies_created: 1, companies_updated: 0 });
    for (const name of ["ÖkoStrom", "ökostrom", "ÖKOSTROM"]) {
      const again = await importCsv(t.liveKey, `company,industry\n${name},energy`);
      expect(again.status).toBe(200);
      expect(again.json.data).toMatchObject({ companies_created: 0, companies_updated: 1 });
    }
    expect(await count("SELECT COUNT(*) n FROM prospect_companies WHERE tenant_id = ?", t.id)).toBe(1);
  });

  it("tells apart names that differ in more than case, and folds the letters JavaScript folds to ASCII", async () => {
    const t = await createTenant();
    await importCsv(t.liveKey, "company\nÖkostrom\nİzmir Enerji\n\u212Aelvin Labs\nWasser_AG");
    const again = await importCsv(t.liveKey, "company\nökostrom\nOkostrom\ni\u0307zmir enerji\nkelvin labs\nWasserXAG");
    expect(again.json.data).toMatchObject({ companies_created: 2, companies_updated: 3 });
    const names = await env.DB.prepare("SELECT name FROM prospect_companies WHERE tenant_id = ? ORDER BY name")
      .bind(t.id)
      .all<{ name: string }>();
    expect(names.results.map((r) => r.name)).toEqual([
      "Okostrom",
      "WasserXAG",
      "Wasser_AG",
      "i\u0307zmir enerji",
      "kelvin labs",
      "ökostrom",
    ]);
  });

  it("keeps a phone that another column of the same meaning leaves blank", async () => {
    const t = await createTenant();
    const csv = await importCsv(t.liveKey, "email,phone,mobile\nj@a.example,+13125550100,\n");
    expect(csv.status).toBe(200);
    const json = await call("/api/agents/sales/prospects/import", {
      key: t.liveKey,
      body: { rows: [{ email: "k@a.example", mobile: "+13125550101", telephone: "" }] },
    });
    expect(json.status).toBe(200);
    const phones = await env.DB.prepare("SELECT email, phone FROM prospect_contacts WHERE tenant_id = ? ORDER BY email").bind(t.id).all();
    expect(phones.results).toEqual([
      { email: "j@a.example", phone: "+13125550100" },
      { email: "k@a.example", phone: "+13125550101" },
    ]);
  });

  it("reads a CSV as comma-separated, even when its values are ;-separated lists", async () => {
    const t = await createTenant();
    const res = await importCsv(t.liveKey, "company,keywords\nAcme,saas;erp;crm\nBeta,saas;erp;crm\n");
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ rows: 2, companies_created: 2, failed: 0 });
    const keywords = await env.DB.prepare("SELECT name, keywords FROM prospect_companies WHERE tenant_id = ? ORDER BY name")
      .bind(t.id)
      .all();
    expect(keywords.results).toEqual([
      { name: "Acme", keywords: '["saas","erp","crm"]' },
      { name: "Beta", keywords: '["saas","erp","crm"]' },
    ]);
  });
});
