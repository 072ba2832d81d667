import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { call, createTenant } from "../../support/http";

const HEADER = "company,domain,industry,employees,revenue_usd,country,city,keywords,first_name,last_name,title,email,phone,linkedin";
const importCsv = (key: string, csv: string) =>
  call("/api/agents/sales/prospects/import", { key, rawBody: csv, headers: { "Content-Type": "text/csv" } });

/** 5,000 rows, 10 contacts per company, with 50 bad rows of five kinds at known places. */
function bigCsv(): { csv: string; bad: Map<number, string> } {
  const lines = [HEADER];
  const bad = new Map<number, string>();
  for (let i = 0; i < 5000; i++) {
    const c = Math.floor(i / 10);
    const fields = [
      `Company ${c}`,
      `https://www.company${c}.example/`,
      c % 2 ? "saas" : "manufacturing",
      String(50 + c),
      String(1_000_000 + c * 1000),
      "United States",
      "Austin",
      "automation;cloud",
      "Pat",
      `Person${i}`,
      "CTO",
      `person${i}@company${c}.example`,
      "",
      "",
    ];
    const row = i + 2;
    if (i % 100 === 7) {
      const kind = ((i / 100) % 5) | 0;
      if (kind === 0) {
        fields[11] = "not-an-email";
        bad.set(row, "email");
      }
      if (kind === 1) {
        fields[3] = "lots";
        bad.set(row, "employees");
      }
      if (kind === 2) {
        fields[4] = "a fortune";
        bad.set(row, "revenue_usd");
      }
      if (kind === 3) {
        fields[1] = "no domain here";
        bad.set(row, "domain");
      }
      if (kind === 4) {
        fields[0] = "";
        fields[1] = "";
        fields[11] = "";
        bad.set(row, "email");
      }
    }
    lines.push(fields.join(","));
  }
  return { csv: lines.join("\n"), bad };
}

describe("POST /api/agents/sales/prospects/import", () => {
  it("imports a 5,000-row CSV, reporting each bad row with its number and field", async () => {
    const t = await createTenant();
    const { csv, bad } = bigCsv();
    const res = await importCsv(t.liveKey, csv);
    expect(res.status).toBe(207);
    expect(res.json.data).toMatchObject({
      rows: 5000,
      failed: 50,
      companies_created: 500,
      companies_updated: 0,
      contacts_created: 4950,
      contacts_updated: 0,
    });
    expect(res.json.data.errors).toHaveLength(50);
    expect(new Map(res.json.data.errors.map((e: any) => [e.row, e.field]))).toEqual(bad);
    expect(await count("SELECT COUNT(*) n FROM prospect_contacts WHERE tenant_id = ?", t.id)).toBe(4950);
    expect(await count("SELECT COUNT(*) n FROM prospect_companies WHERE tenant_id = ?", t.id)).toBe(500);
    const company = await env.DB.prepare(
      "SELECT domain, employees, size_band, revenue_usd, keywords FROM prospect_companies WHERE tenant_id = ? AND name = 'Company 3'",
    )
      .bind(t.id)
      .first<any>();
    expect(company).toEqual({
      domain: "company3.example",
      employees: 53,
      size_band: "51-200",
      revenue_usd: 1003000,
      keywords: '["automation","cloud"]',
    });

    // The same file again updates, never duplicates.
    const again = await importCsv(t.liveKey, csv);
    expect(again.json.data).toMatchObject({
      companies_created: 0,
      companies_updated: 500,
      contacts_created: 0,
      contacts_updated: 4950,
      failed: 50,
    });
    expect(await count("SELECT COUNT(*) n FROM prospect_contacts WHERE tenant_id = ?", t.id)).toBe(4950);
  });

  it("accepts common header spellings, and a row updates only the fields it has", async () => {
    const t = await createTenant();
    const first = await importCsv(
      t.liveKey,
      'Company Name,Website,Job Title,Email Address,Full Name,Headcount,Annual Revenue,Location,Tags\nAcme Ltd,acme.example,CTO,Ann.Lee@Acme.example,Ann Lee,201-500,$15M,"Leeds, United Kingdom",saas;b2b',
    );
    expect(first.status).toBe(200);
    const contact = (await call("/api/agents/sales/prospects/contacts", { key: t.liveKey })).json.data.contacts[0];
    expect(contact).toMatchObject({
      email: "ann.lee@acme.example",
      first_name: "Ann",
      last_name: "Lee",
      title: "CTO",
      city: "Leeds",
      country: "United Kingdom",
      company: { name: "Acme Ltd", domain: "acme.example" },
    });
    const company = (await call("/api/agents/sales/prospects/companies", { key: t.liveKey })).json.data.companies[0];
    expect(company).toMatchObject({
      name: "Acme Ltd",
      domain: "acme.example",
      employees: null,
      size_band: "201-500",
      revenue_usd: 15000000,
      keywords: ["saas", "b2b"],
    });

    const json = await call("/api/agents/sales/prospects/import", {
      key: t.liveKey,
      body: {
        rows: [
          { website: "https://acme.example", industry: "Software", email: "ann.lee@acme.example", position: "Chief Technology Officer" },
        ],
      },
    });
    expect(json.json.data).toMatchObject({ companies_created: 0, companies_updated: 1, contacts_updated: 1 });
    const updated = (await call("/api/agents/sales/prospects/companies", { key: t.liveKey })).json.data.companies[0];
    expect(updated).toMatchObject({
      name: "Acme Ltd",
      industry: "software",
      size_band: "201-500",
      revenue_usd: 15000000,
      keywords: ["saas", "b2b"],
    });
    expect((await call("/api/agents/sales/prospects/contacts", { key: t.liveKey })).json.data.contacts[0]).toMatchObject({
      title: "Chief Technology Officer",
      first_name: "Ann",
      city: "Leeds",
    });
  });

  it("numbers rows as in the file, blank lines included", async () => {
    const t = await createTenant();
    const res = await importCsv(
      t.liveKey,
      `${HEADER}\nAcme,acme.example,saas,10,,,,,A,B,CTO,a@acme.example,,\n\nBad,bad.example,saas,lots,,,,,C,D,CTO,c@bad.example,,\n`,
    );
    expect(res.json.data.errors).toEqual([
      { row: 4, field: "employees", issue: "lots is not a number of employees or a band like 51-200" },
    ]);
  });

  it("lets identical imports run at the same time: each succeeds, nothing is duplicated", async () => {
    const t = await createTenant();
    const csv = `${HEADER}\n${Array.from({ length: 40 }, (_, i) => `Co ${i},co${i}.example,saas,10,,,,,A,B,CTO,p${i}@co${i}.example,,`).join("\n")}`;
    const answers = await Promise.all([importCsv(t.liveKey, csv), importCsv(t.liveKey, csv), importCsv(t.liveKey, csv)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.reduce((n, a) => n + a.json.data.companies_created, 0)).toBe(40);
    expect(await count("SELECT COUNT(*) n FROM prospect_companies WHERE tenant_id = ?", t.id)).toBe(40);
    expect(await count("SELECT COUNT(*) n FROM prospect_contacts WHERE tenant_id = ?", t.id)).toBe(40);
  });

  it("refuses a CSV without a usable header, other content types, and JSON that is not rows", async () => {
    const t = await createTenant();
    const noHeader = await importCsv(t.liveKey, "foo,bar\n1,2");
    expect(noHeader.status).toBe(400);
    expect(noHeader.json.error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "body" } });
    const plain = await call("/api/agents/sales/prospects/import", {
      key: t.liveKey,
      rawBody: "email\na@b.example",
      headers: { "Content-Type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    const elsewhere = await call("/v1/sites", { key: t.liveKey, rawBody: "name,url\nx,y", headers: { "Content-Type": "text/csv" } });
    expect(elsewhere.status).toBe(415);
    const notRows = await call("/api/agents/sales/prospects/import", { key: t.liveKey, body: { rows: "all of them" } });
    expect(notRows.status).toBe(400);
    expect(notRows.json.error.details.field).toBe("rows");
  });
});

describe("the prospect pool", () => {
  it("pages and filters companies and contacts", async () => {
    const t = await createTenant();
    await importCsv(t.liveKey, bigCsv().csv);
    const page = await call("/api/agents/sales/prospects/companies?page=2&per_page=20&industry=saas", { key: t.liveKey });
    expect(page.json.data.pagination).toEqual({ total: 250, page: 2, per_page: 20, total_pages: 13 });
    expect(page.json.data.companies.every((c: any) => c.industry === "saas")).toBe(true);
    const found = await call("/api/agents/sales/prospects/contacts?q=person4321@", { key: t.liveKey });
    expect(found.json.data.contacts.map((c: any) => c.email)).toEqual(["person4321@company432.example"]);
    const companyId = found.json.data.contacts[0].company_id;
    const ofCompany = await call(`/api/agents/sales/prospects/contacts?company_id=${companyId}`, { key: t.liveKey });
    expect(ofCompany.json.data.pagination.total).toBe(10);
  });

  it("searches for text literally, whatever its length or wildcards (found by the fuzzer: a long q was a 500)", async () => {
    const t = await createTenant();
    await importCsv(
      t.liveKey,
      `${HEADER}\nPercent,percent.example,saas,100,,,,,A,B,100% Owner,a@percent.example,,\nPlain,plain.example,saas,100,,,,,C,D,1000 Owner,c@plain.example,,`,
    );
    const literal = await call(`/api/agents/sales/prospects/contacts?q=${encodeURIComponent("0% owner")}`, { key: t.liveKey });
    expect(literal.json.data.contacts.map((c: any) => c.email)).toEqual(["a@percent.example"]);
    const long = await call(`/api/agents/sales/prospects/companies?q=${"x".repeat(100)}`, { key: t.liveKey });
    expect(long.status).toBe(200);
    expect(long.json.data.pagination.total).toBe(0);
  });

  it("deletes a company with its contacts, and a contact, only the tenant's own", async () => {
    const t = await createTenant();
    const other = await createTenant();
    await importCsv(
      t.liveKey,
      `${HEADER}\nAcme,acme.example,saas,100,,,,,A,B,CTO,a@acme.example,,\nAcme,acme.example,saas,100,,,,,C,D,CEO,c@acme.example,,\nSolo,solo.example,saas,5,,,,,E,F,CTO,e@solo.example,,`,
    );
    const companies = (await call("/api/agents/sales/prospects/companies", { key: t.liveKey })).json.data.companies;
    const acme = companies.find((c: any) => c.name === "Acme");
    expect((await call(`/api/agents/sales/prospects/companies/${acme.id}`, { key: other.liveKey, method: "DELETE" })).status).toBe(404);
    expect((await call("/api/agents/sales/prospects/companies", { key: other.liveKey })).json.data.companies).toEqual([]);
    expect((await call("/api/agents/sales/prospects/companies", { key: t.testKey })).json.data.companies).toEqual([]);
    const removed = await call(`/api/agents/sales/prospects/companies/${acme.id}`, { key: t.liveKey, method: "DELETE" });
    expect(removed.json).toEqual({ success: true, data: { id: acme.id, deleted: true, contacts_deleted: 2 } });
    const [solo] = (await call("/api/agents/sales/prospects/contacts", { key: t.liveKey })).json.data.contacts;
    expect(solo.email).toBe("e@solo.example");
    expect((await call(`/api/agents/sales/prospects/contacts/${solo.id}`, { key: other.liveKey, method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/agents/sales/prospects/contacts/${solo.id}`, { key: t.liveKey, method: "DELETE" })).json.data).toEqual({
      id: solo.id,
      deleted: true,
    });
    expect(await count("SELECT COUNT(*) n FROM prospect_contacts WHERE tenant_id = ?", t.id)).toBe(0);
  });
});
