import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { checkEmail as checkEmailWith } from "../../src/domain/enhancement/email";
import { type EmailLists, emailLists } from "../../src/domain/enhancement/email-lists";
import { checkPhone } from "../../src/domain/enhancement/phone";
import { tidyName, tidyPostalCode } from "../../src/domain/enhancement/tidy";

let lists: EmailLists;
beforeAll(async () => {
  lists = await emailLists(env);
});
const checkEmail = (raw: string) => checkEmailWith(raw, lists);

describe("checkEmail syntax", () => {
  it.each([
    "jane@acme.com",
    "Jane.Doe@acme.com",
    "jane+leads@acme.co.uk",
    "o'brien@acme.ie",
    "first_last-1@sub.acme.io",
    "x@a-b.example",
    "user!#$%&*/=?^`{|}~@acme.com",
    "  jane@acme.com  ",
    "jose@correo.españa.es",
    "a@xn--80ak6aa92e.com",
    `${"a".repeat(64)}@acme.com`,
    `${"a".repeat(60)}@${"b.".repeat(95)}com`, // 254 characters, the most allowed
  ])("accepts %j", (raw) => {
    expect(checkEmail(raw)).not.toBeNull();
  });

  it.each([
    "",
    "plainaddress",
    "@acme.com",
    "jane@",
    "jane@@acme.com",
    "jane@doe@acme.com",
    ".jane@acme.com",
    "jane.@acme.com",
    "ja..ne@acme.com",
    "jane@acme",
    "jane@acme.c",
    "jane@-acme.com",
    "jane@acme-.com",
    "jane@acme..com",
    "jane@acme.com.",
    "jane doe@acme.com",
    "Jane <jane@acme.com>",
    "jane@acme.c0m",
    `${"a".repeat(65)}@acme.com`,
    `jane@${"a".repeat(64)}.com`,
    `${"a".repeat(61)}@${"b.".repeat(95)}com`,
  ])("rejects %j", (raw) => {
    expect(checkEmail(raw)).toBeNull();
  });

  it("trims, lower-cases the domain and keeps the local part as sent", () => {
    expect(checkEmail("  Jane.Doe@ACME.Com ")).toMatchObject({ address: "Jane.Doe@acme.com", domain: "acme.com" });
  });
});

describe("checkEmail flags", () => {
  it("marks a company address as nothing in particular", () => {
    expect(checkEmail("jane@acme.com")).toEqual({
      address: "jane@acme.com",
      domain: "acme.com",
      is_disposable: false,
      is_role: false,
      is_free: false,
      suggestion: null,
      sources: { disposable: "disposable-email-domains@1.0.62", free_mail: null },
    });
  });

  it.each([
    "x@mailinator.com",
    "x@10minutemail.com",
    "x@guerrillamail.com",
    "x@yopmail.com",
    "x@sharklasers.com",
    "x@temp-mail.org",
    "x@inbox.mailinator.com",
  ])("%s is disposable", (raw) => {
    expect(checkEmail(raw)?.is_disposable).toBe(true);
  });

  it.each([
    "admin",
    "Info",
    "sales",
    "support",
    "noreply",
    "no-reply",
    "no_reply",
    "do-not-reply",
    "contact",
    "billing",
    "hr",
    "webmaster",
    "postmaster",
    "hello",
    "sales+web",
  ])("%s@ is a role mailbox", (local) => {
    expect(checkEmail(`${local}@acme.com`)?.is_role).toBe(true);
  });

  it.each(["jane", "j.smith", "admiral", "salesforce.fan"])("%s@ is a person", (local) => {
    expect(checkEmail(`${local}@acme.com`)?.is_role).toBe(false);
  });

  it.each([
    "gmail.com",
    "googlemail.com",
    "yahoo.co.uk",
    "hotmail.fr",
    "outlook.com",
    "icloud.com",
    "proton.me",
    "gmx.de",
    "web.de",
    "yandex.ru",
    "qq.com",
    "163.com",
  ])("%s is free mail", (domain) => {
    expect(checkEmail(`jane@${domain}`)?.is_free).toBe(true);
  });

  it.each(["acme.com", "gmail.example.com", "yahoo.acme.com"])("%s is a company domain", (domain) => {
    expect(checkEmail(`jane@${domain}`)?.is_free).toBe(false);
  });
});

describe("checkEmail typo suggestions", () => {
  it.each([
    ["Jane@gmial.com", "Jane@gmail.com"],
    ["jane@gmal.com", "jane@gmail.com"],
    ["jane@gnail.com", "jane@gmail.com"],
    ["jane@gmail.co", "jane@gmail.com"],
    ["jane@gmail.cm", "jane@gmail.com"],
    ["jane@GMIAL.COM", "jane@gmail.com"],
    ["jane@hotmial.com", "jane@hotmail.com"],
    ["jane@yahooo.com", "jane@yahoo.com"],
    ["jane@outlok.com", "jane@outlook.com"],
    ["jane@iclod.com", "jane@icloud.com"],
    ["jane@aol.co", "jane@aol.com"],
  ])("%s -> %s", (raw, suggestion) => {
    expect(checkEmail(raw)?.suggestion).toBe(suggestion);
  });

  it("no suggestion for gmai.com: the maintained disposable list has it, and a disposable domain is not a slip", () => {
    expect(checkEmail("jane@gmai.com")).toMatchObject({ is_disposable: true, suggestion: null });
  });

  it.each(["acme.com", "gmail.com", "hotmail.co.uk", "mail.com", "gmx.com", "me.com", "abc.com", "love.com", "lime.com", "mailinator.com"])(
    "no suggestion for %s",
    (domain) => {
      expect(checkEmail(`jane@${domain}`)?.suggestion).toBeNull();
    },
  );
});

describe("checkPhone", () => {
  it.each(["5551234567", "5559876543"])("seed %s is a possible US number in an unassigned range", (raw) => {
    const check = checkPhone(raw, "US");
    expect(check).toEqual({
      e164: `+1${raw}`,
      country: "US",
      national: `(555) ${raw.slice(3, 6)}-${raw.slice(6)}`,
      valid: false,
      line_type: "unknown",
    });
  });

  it.each(["(555) 123-4567", "555.123.4567", "555 123 4567", "+1 (555) 123-4567"])("reads %j as +15551234567", (raw) => {
    expect(checkPhone(raw, "US")?.e164).toBe("+15551234567");
  });

  it("leaves the country open for an unassigned +1 number: +1 is shared by the whole NANP", () => {
    expect(checkPhone("+1-555-123-4567", "US")).toMatchObject({ e164: "+15551234567", country: null, valid: false });
  });

  it("refuses +1234567890: after +1 only nine digits remain, too short for the NANP", () => {
    expect(checkPhone("+1234567890", "US")).toBeNull();
  });

  it("knows an assigned US number, whose range cannot tell mobile from fixed line", () => {
    expect(checkPhone("+1 650-253-0000", "US")).toEqual({
      e164: "+16502530000",
      country: "US",
      national: "(650) 253-0000",
      valid: true,
      line_type: "fixed_line_or_mobile",
    });
  });

  it("types other ranges: London fixed line, US toll free", () => {
    expect(checkPhone("+44 20 7946 0958", "US")).toMatchObject({
      e164: "+442079460958",
      country: "GB",
      national: "020 7946 0958",
      valid: true,
      line_type: "fixed_line",
    });
    expect(checkPhone("1-800-555-0199", "US")).toMatchObject({ e164: "+18005550199", valid: true, line_type: "toll_free" });
  });

  it("reads a national number against the default country", () => {
    expect(checkPhone("020 7946 0958", "gb")).toMatchObject({ e164: "+442079460958", country: "GB", valid: true });
  });

  // Ofcom reserves 07700 900000–900999 for TV and film, and libphonenumber's GB mobile pattern leaves
  // that block out: the number has a mobile's length but no assigned range. Not valid, so no type,
  // and no country either, since +44 is shared by GB, GG, IM and JE and only a valid number picks one.
  it("treats the UK drama range as possible but unassigned", () => {
    expect(checkPhone("+44 7700 900123", "US")).toEqual({
      e164: "+447700900123",
      country: null,
      national: "07700 900123",
      valid: false,
      line_type: "unknown",
    });
  });

  it("keeps an extension in the national form but not in E.164", () => {
    expect(checkPhone("212-555-0100 ext. 12", "US")).toMatchObject({ e164: "+12125550100", national: "(212) 555-0100 ext. 12" });
    expect(checkPhone("5551234567x89", "US")).toMatchObject({ e164: "+15551234567", valid: false });
  });

  it.each([
    "not a phone",
    "12",
    "1234567",
    "",
    "abc5551234567",
    "555-CALL-NOW",
    "1-800-FLOWERS",
    "call 555 123 4567",
    "+1 555 123 45678 9",
  ])("%j is not a phone number", (raw) => {
    expect(checkPhone(raw, "US")).toBeNull();
  });

  it("still reads international numbers when the default country is unknown", () => {
    expect(checkPhone("+44 20 7946 0958", "ZZ")?.country).toBe("GB");
    expect(checkPhone("020 7946 0958", "ZZ")).toBeNull();
  });
});

describe("tidyName", () => {
  it.each([
    ["  john   smith ", "John Smith"],
    ["JOHN SMITH", "John Smith"],
    ["jean-luc", "Jean-Luc"],
    ["o'brien", "O'Brien"],
    ["MCDONALD", "Mcdonald"],
    ["élodie durand", "Élodie Durand"],
    ["JOHN o'neil", "JOHN o'neil"],
    ["mary-jane SMITH", "mary-jane SMITH"],
    ["McDonald", "McDonald"],
    ["van der Berg", "van der Berg"],
    ["  Ann  \t Lee ", "Ann Lee"],
    ["42", "42"],
    ["", ""],
  ])("%j -> %j", (raw, tidy) => {
    expect(tidyName(raw)).toBe(tidy);
  });
});

describe("tidyPostalCode", () => {
  it.each([
    ["90210", "US", "90210", true],
    [" 90210-1234 ", "US", "90210-1234", true],
    ["902101234", "US", "90210-1234", true],
    ["90210 1234", "us", "90210-1234", true],
    ["9021", "US", "9021", false],
    ["90210-", "US", "90210-", false],
    ["ABCDE", "US", "ABCDE", false],
    ["k1a0b1", "CA", "K1A 0B1", true],
    ["K1A  0B1", "CA", "K1A 0B1", true],
    ["K1A-0B1", "CA", "K1A 0B1", true],
    ["D1A 0B1", "CA", "D1A 0B1", false],
    ["sw1a1aa", "GB", "SW1A 1AA", true],
    ["SW1A  1AA", "GB", "SW1A 1AA", true],
    ["m1 1ae", "GB", "M1 1AE", true],
    ["B33 8TH", "GB", "B33 8TH", true],
    ["gir0aa", "GB", "GIR 0AA", true],
    ["SW1A 1CA", "GB", "SW1A 1CA", false],
    ["12345", "GB", "12345", false],
    [" 75008 ", "FR", "75008", true],
    ["1010 ab", "NL", "1010 AB", true],
    ["", "DE", "", false],
    ["1234567890123", "DE", "1234567890123", false],
    ["10115!", "DE", "10115!", false],
    ["90210", null, "90210", true],
  ] as const)("%j in %s -> %j (%s)", (raw, country, value, valid) => {
    expect(tidyPostalCode(raw, country)).toEqual({ value, valid });
  });
});
