import { env } from "cloudflare:workers";
import disposablePackage from "disposable-email-domains/index.json";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDomainFilter } from "../../src/domain/enhancement/domain-filter";
import { checkEmail } from "../../src/domain/enhancement/email";
import { DISPOSABLE_ASSET, type EmailLists, emailLists } from "../../src/domain/enhancement/email-lists";
import { FREE_MAIL_DOMAINS } from "../../src/domain/enhancement/lists/free-mail-domains";

// Real companies' mail domains, many of them short or one letter from a provider: none is disposable,
// none is free mail, and none gets a typo suggestion.
const COMPANY_DOMAINS = [
  "acme.com",
  "stripe.com",
  "ibm.com",
  "hp.com",
  "box.com",
  "gap.com",
  "intel.com",
  "apple.com",
  "figma.com",
  "notion.so",
  "linear.app",
  "vercel.com",
  "cloudflare.com",
  "shopify.com",
  "salesforce.com",
  "hubspot.com",
  "activeprospect.com",
  "siemens.de",
  "bosch.de",
  "sap.com",
  "toyota.co.jp",
  "bbc.co.uk",
  "unilever.com",
  "nestle.com",
  "maersk.com",
  "ikea.com",
  "spotify.com",
  "atlassian.com",
  "canva.com",
  "love.com",
  "lime.com",
];

let lists: EmailLists;
beforeAll(async () => {
  lists = await emailLists(env);
});

describe("the maintained email lists", () => {
  it("load from the Worker's static assets with the package and version they were built from", () => {
    expect(lists.disposable?.source).toBe("disposable-email-domains@1.0.62");
    expect(lists.disposable?.size).toBeGreaterThan(120_000);
    expect(lists.freeMail("gmail.com")).toBe("@activeprospect/freemail@1.5.2");
    expect(lists.freeMail("proton.me")).toBe("leadedge-free-mail-additions@1");
    expect(lists.freeMail("acme.com")).toBeNull();
    expect(FREE_MAIL_DOMAINS.size).toBe(3810);
  });

  it("flag a sample of the disposable package's own domains (every 500th), and their subdomains", () => {
    const sample = (disposablePackage as string[]).filter((_, i) => i % 500 === 0);
    expect(sample.length).toBeGreaterThan(200);
    const missed = sample.filter((domain) => !checkEmail(`x@${domain}`, lists)?.is_disposable);
    expect(missed).toEqual([]);
    expect(checkEmail("x@inbox.mailinator.com", lists)).toMatchObject({
      is_disposable: true,
      sources: { disposable: "disposable-email-domains@1.0.62" },
    });
  });

  it("flag a sample of the free-mail package's domains (every 50th)", () => {
    const sample = [...FREE_MAIL_DOMAINS].filter((_, i) => i % 50 === 0);
    const decidedBy = (domain: string) => checkEmail(`jane@${domain}`, lists)?.sources.free_mail;
    expect(sample.filter((domain) => decidedBy(domain) !== "@activeprospect/freemail@1.5.2")).toEqual([]);
  });

  it.each(COMPANY_DOMAINS)("leave the company domain %s unflagged", (domain) => {
    expect(checkEmail(`jane@${domain}`, lists)).toMatchObject({ is_disposable: false, is_free: false, suggestion: null });
  });

  it("without the disposable table, call nothing disposable and say which list was missing", () => {
    const check = checkEmail("x@mailinator.com", { ...lists, disposable: null });
    expect(check).toMatchObject({ is_disposable: false, sources: { disposable: null, free_mail: null } });
  });

  it("refuse a file that is not a domain table", async () => {
    expect(() => parseDomainFilter(new TextEncoder().encode("not a table").buffer as ArrayBuffer)).toThrow("not a domain table");
    const res = await env.ASSETS.fetch(`https://assets.invalid${DISPOSABLE_ASSET}`);
    const truncated = (await res.arrayBuffer()).slice(0, 64 + 8 * 10);
    expect(() => parseDomainFilter(truncated)).toThrow("not a domain table");
  });
});
