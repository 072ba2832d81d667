import { describe, expect, it } from "vitest";
import { CriteriaError, compileCriteria, evaluateCriteria } from "../../src/domain/flows/criteria";
import type { CriteriaActivation } from "../../src/domain/flows/criteria-paths";

const goodEmail = { valid: true, is_disposable: false, is_role: false, is_free: false, domain: "acme.com" };
const mobile = { valid: true, type: "mobile", country: "US", e164: "+15125550100" };

function activation(lead: Record<string, unknown>, more: Partial<CriteriaActivation> = {}): CriteriaActivation {
  return { lead, email: goodEmail, phone: mobile, quality_score: 0.8, ...more };
}

function run(source: string, lead: Record<string, unknown>, more: Partial<CriteriaActivation> = {}) {
  return evaluateCriteria(compileCriteria(source), activation(lead, more));
}

function reasons(source: string, lead: Record<string, unknown>, more: Partial<CriteriaActivation> = {}) {
  return run(source, lead, more).rules.map((r) => r.reason);
}

/** The CriteriaError a source is refused with, as [position, message]. */
function refusal(source: string): [number, string] {
  try {
    compileCriteria(source);
  } catch (error) {
    if (error instanceof CriteriaError) return [error.position, error.message];
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

const rulesOf = (source: string) => compileCriteria(source).rules;

describe("seed criteria", () => {
  const seed = "lead.age >= 21 && lead.income >= 50000";

  it("splits into its two rules with their offsets", () => {
    expect(rulesOf(seed)).toEqual([
      { source: "lead.age >= 21", position: 0 },
      { source: "lead.income >= 50000", position: 18 },
    ]);
  });

  it("passes a lead meeting both rules, JSON numbers against int literals", () => {
    expect(run(seed, { age: 25, income: 50000.5 })).toEqual({
      passed: true,
      rules: [
        { rule: "lead.age >= 21", passed: true, reason: null },
        { rule: "lead.income >= 50000", passed: true, reason: null },
      ],
    });
    expect(run(seed, { age: 21, income: 50000 }).passed).toBe(true);
  });

  it("fails each rule on its own and evaluates every rule", () => {
    expect(run(seed, { age: 19, income: 60000 }).rules.map((r) => [r.passed, r.reason])).toEqual([
      [false, "lead.age is 19, rule lead.age >= 21 is false"],
      [true, null],
    ]);
    expect(reasons(seed, { age: 30, income: 40000 })).toEqual([null, "lead.income is 40000, rule lead.income >= 50000 is false"]);
    expect(reasons(seed, { age: 19, income: 40000 })).toEqual([
      "lead.age is 19, rule lead.age >= 21 is false",
      "lead.income is 40000, rule lead.income >= 50000 is false",
    ]);
  });

  it("fails a rule whose field is missing or null, without throwing", () => {
    expect(run(seed, { age: 25 })).toEqual({
      passed: false,
      rules: [
        { rule: "lead.age >= 21", passed: true, reason: null },
        { rule: "lead.income >= 50000", passed: false, reason: "lead.income is missing" },
      ],
    });
    expect(reasons(seed, {})).toEqual(["lead.age is missing", "lead.income is missing"]);
    expect(reasons("lead.age >= 18", { age: null })).toEqual(["lead.age is missing"]);
  });

  it("checks the single-rule seed", () => {
    expect(rulesOf("lead.age >= 18")).toEqual([{ source: "lead.age >= 18", position: 0 }]);
    expect(run("lead.age >= 18", { age: 18 }).passed).toBe(true);
    expect(reasons("lead.age >= 18", { age: 17.5 })).toEqual(["lead.age is 17.5, rule lead.age >= 18 is false"]);
    expect(reasons("lead.age >= 18", { name: "x" })).toEqual(["lead.age is missing"]);
  });

  it("fails a rule over a value of the wrong type with the value in the reason", () => {
    const [reason] = reasons("lead.age >= 18", { age: "twenty" });
    expect(reason).toMatch(/^lead\.age is "twenty", rule lead\.age >= 18 could not be evaluated \(.+\)$/);
  });
});

describe("enhancements and quality score", () => {
  const source = '!email.is_disposable && phone.type == "mobile"';

  it("reads email.* and phone.*", () => {
    expect(run(source, {}).passed).toBe(true);
    expect(reasons(source, {}, { email: { ...goodEmail, is_disposable: true }, phone: { ...mobile, type: "fixed_line" } })).toEqual([
      "email.is_disposable is true, rule !email.is_disposable is false",
      'phone.type is "fixed_line", rule phone.type == "mobile" is false',
    ]);
  });

  it("says email or phone is missing when the lead had none", () => {
    expect(reasons(source, {}, { email: null, phone: null })).toEqual(["email is missing", "phone is missing"]);
    expect(run("email == null || !email.is_free", {}, { email: null }).passed).toBe(true);
    expect(run('has(phone.country) && phone.country == "US"', {}).passed).toBe(true);
    expect(run('email.domain.endsWith(".com")', {}).passed).toBe(true);
    expect(reasons("email == null || email.is_free", {})).toEqual(["email.is_free is false, rule email == null || email.is_free is false"]);
  });

  it("compares quality_score with double and int literals", () => {
    expect(run("quality_score >= 0.7", {}).passed).toBe(true);
    expect(run("quality_score >= 0.7", {}, { quality_score: 1 }).passed).toBe(true);
    expect(reasons("quality_score >= 0.7", {}, { quality_score: 0.5 })).toEqual([
      "quality_score is 0.5, rule quality_score >= 0.7 is false",
    ]);
    expect(run("quality_score < 1", {}).passed).toBe(true);
  });
});

describe("CEL over lead fields", () => {
  const lead = {
    state: "TX",
    email: "ann@acme.com",
    tags: ["vip", "b2b"],
    address: { city: "Austin", zip: "78701" },
    scores: [3, 9],
    income: 60000,
  };

  it("compares strings and tests membership with in", () => {
    expect(run('lead.state == "TX" && lead.state in ["TX", "CA"] && "vip" in lead.tags && 9 in lead.scores', lead).passed).toBe(true);
    expect(reasons('lead.state in ["CA", "NY"]', lead)).toEqual(['lead.state is "TX", rule lead.state in ["CA", "NY"] is false']);
    expect(run('lead.email.endsWith("@acme.com") && lead.state < "UT"', lead).passed).toBe(true);
  });

  it("reads nested objects, lists and custom field names", () => {
    expect(
      run('lead.address.city == "Austin" && lead["custom field"] == 1 && lead.tags[0] == "vip"', { ...lead, "custom field": 1 }).passed,
    ).toBe(true);
    expect(reasons('lead.address.zip == "10001"', lead)).toEqual([
      'lead.address.zip is "78701", rule lead.address.zip == "10001" is false',
    ]);
    expect(reasons('lead.address.country == "US"', lead)).toEqual(["lead.address.country is missing"]);
    expect(reasons('lead.tags.exists(t, t == "gold")', lead)).toEqual([
      'lead.tags is ["vip","b2b"], rule lead.tags.exists(t, t == "gold") is false',
    ]);
  });

  it("keeps has() as CEL defines it", () => {
    expect(run("has(lead.state) && !has(lead.blocked)", lead).passed).toBe(true);
    expect(reasons("has(lead.age)", lead)).toEqual(["lead.age is missing, rule has(lead.age) is false"]);
    expect(reasons("lead.income > 100000 || has(lead.referrer)", lead)).toEqual([
      "lead.income is 60000, lead.referrer is missing, rule lead.income > 100000 || has(lead.referrer) is false",
    ]);
  });

  it("needs matching numeric types for arithmetic; a mismatch fails the rule instead of throwing", () => {
    expect(run("lead.income / 12.0 >= 5000.0", lead).passed).toBe(true);
    expect(reasons("lead.income / 12 >= 5000", lead)[0]).toMatch(/^lead\.income is 60000, rule .* could not be evaluated/);
  });

  it("fails a rule whose value is not true or false", () => {
    expect(run("lead.vip", { vip: true }).passed).toBe(true);
    expect(reasons("lead.vip", { vip: "yes" })).toEqual(['lead.vip is "yes", rule lead.vip gave "yes", not true or false']);
  });

  it("evaluates a comprehension over a long list in linear time", () => {
    const tags = Array.from({ length: 100_000 }, (_, i) => `tag${i}`);
    expect(run('lead.tags.exists(t, t == "tag99999") && lead.tags.filter(t, t.endsWith("7")).size() == 10000', { tags }).passed).toBe(true);
  });

  it("evaluates criteria that were not compiled in this isolate, failing rules that no longer parse", () => {
    const stored = {
      source: "lead.age >= 21 && lead.age >",
      rules: [
        { source: "lead.age >= 21", position: 0 },
        { source: "lead.age >", position: 18 },
      ],
    };
    const result = evaluateCriteria(stored, activation({ age: 30 }));
    expect(result.passed).toBe(false);
    expect(result.rules[0]).toEqual({ rule: "lead.age >= 21", passed: true, reason: null });
    expect(result.rules[1]?.reason).toMatch(/^rule lead\.age > is not valid criteria: /);
  });
});

describe("splitting into rules", () => {
  it("keeps a top-level || (and ?:) as one rule, since && binds tighter", () => {
    expect(rulesOf('lead.age >= 21 || lead.vip == true && lead.state == "CA"')).toHaveLength(1);
    expect(rulesOf("lead.a > 1 && lead.b > 1 || lead.c > 1")).toEqual([{ source: "lead.a > 1 && lead.b > 1 || lead.c > 1", position: 0 }]);
    expect(rulesOf("lead.vip ? lead.age >= 18 : lead.age >= 21")).toHaveLength(1);
    expect(run("lead.a > 1 && lead.b > 1 || lead.c > 1", { c: 2 }).passed).toBe(true);
  });

  it("splits only at depth 0, keeping parentheses with their rule", () => {
    expect(rulesOf("  (lead.a > 1 || lead.b > 1) && lead.c > 1 ")).toEqual([
      { source: "(lead.a > 1 || lead.b > 1)", position: 2 },
      { source: "lead.c > 1", position: 32 },
    ]);
    expect(
      rulesOf('(lead.age + 1.0) > 2.0 && lead.tags.exists(t, t == "a" && true) && size([lead.a && lead.b]) == 1').map((r) => r.source),
    ).toEqual(["(lead.age + 1.0) > 2.0", 'lead.tags.exists(t, t == "a" && true)', "size([lead.a && lead.b]) == 1"]);
  });

  it("does not split inside string literals or comments", () => {
    const source =
      'lead.a == "x && y" && lead.b == \'a && \\\' b\' && lead.c == """p && "q" """ && lead.d == r"\\d && " // c && d\n && lead.e == 1';
    expect(rulesOf(source).map((r) => r.source)).toEqual([
      'lead.a == "x && y"',
      "lead.b == 'a && \\' b'",
      'lead.c == """p && "q" """',
      'lead.d == r"\\d && "',
      "lead.e == 1",
    ]);
    expect(run(source, { a: "x && y", b: "a && ' b", c: 'p && "q" ', d: "\\d && ", e: 1 }).passed).toBe(true);
  });
});

describe("refusing criteria at save time", () => {
  it("names the position of a syntax error", () => {
    expect(refusal("lead.age >= ")[0]).toBe(12);
    expect(refusal("lead.age >>= 3")[0]).toBe(10);
    expect(refusal('lead.a == "abc')[0]).toBe(10);
    expect(refusal("lead.age >= 21 && && lead.b")[0]).toBe(18);
  });

  it("refuses unknown top-level names", () => {
    const [position, message] = refusal("leed.age > 1");
    expect(position).toBe(0);
    expect(message).toMatch(/leed.*lead, email, phone and quality_score/);
    expect(refusal("lead.age > 1 && leed.x")[0]).toBe(16);
  });

  it("refuses unknown members of email and phone at the member's position", () => {
    const [position, message] = refusal("email.is_disposible");
    expect(position).toBe(6);
    expect(message).toBe("email has no field is_disposible; its fields are valid, is_disposable, is_role, is_free, domain");
    expect(refusal("lead.age > 1 && !email.is_disposible")[0]).toBe(23);
    expect(refusal('phone["kind"] == "x"')[0]).toBe(6);
    expect(refusal("has(phone.carrier)")[0]).toBe(10);
    expect(rulesOf('lead.contacts.exists(email, email.kind == "work")')).toHaveLength(1);
  });

  it("refuses empty criteria and rules that are not true or false", () => {
    expect(refusal("")[0]).toBe(0);
    expect(refusal("  \n ")[0]).toBe(0);
    expect(refusal("lead.age >= 21 && quality_score")).toEqual([18, "rule quality_score gives a double, not true or false"]);
  });

  it("refuses criteria over 4,000 characters or 50 rules", () => {
    const rule = "lead.a == 1";
    const fifty = Array.from({ length: 50 }, () => rule).join(" && ");
    expect(rulesOf(fifty)).toHaveLength(50);
    expect(refusal(`${fifty} && ${rule}`)).toEqual([50 * (rule.length + 4), "criteria have 51 rules joined by &&; at most 50 are allowed"]);
    const long = `lead.note == "${"x".repeat(3990)}"`;
    expect(long.length).toBeGreaterThan(4000);
    expect(refusal(long)[0]).toBe(4000);
  });

  it("refuses nested comprehensions and cel.bind, which could make evaluation explode", () => {
    expect(refusal("lead.a.all(x, lead.a.all(y, x == y))")[0]).toBe(14);
    expect(refusal("lead.a.map(x, x + x).exists(y, y == 1)")[0]).toBe(0);
    expect(refusal('cel.bind(s, lead.s + lead.s, s == "")')[0]).toBe(0);
    expect(run("lead.a.exists(x, x > 2) && lead.a.filter(x, x > 1).size() == 2", { a: [1, 2, 3] }).passed).toBe(true);
  });
});
