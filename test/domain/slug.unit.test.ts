import { describe, expect, it } from "vitest";
import { slugOf } from "../../src/domain/slug";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe("slugOf", () => {
  it.each([
    ["__proto__ Solution", "proto-solution"], // found by the fuzzer: was "-proto-solution"
    ["Hello---World_", "hello-world"],
    ["Ünïcödé Café", "unicode-cafe"],
    ["  Spaces   everywhere  ", "spaces-everywhere"],
  ])("%j -> %j", (text, slug) => {
    expect(slugOf(text, "page")).toBe(slug);
  });

  it("falls back when nothing of the text survives", () => {
    expect(slugOf("漢字 🚀", "landing-page")).toBe("landing-page");
    expect(slugOf("---", "tenant")).toBe("tenant");
  });

  it("stays within the length at a word boundary, and always matches the documented pattern", () => {
    const slug = slugOf("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu", "x", 30);
    expect(slug).toBe("alpha-beta-gamma-delta-epsilon");
    expect(slugOf("x".repeat(100), "x", 48)).toHaveLength(48);
    for (const text of ["-a-", "_b_", "a__b", "9 lives", "ÀÉÎ-õü"]) expect(slugOf(text, "x")).toMatch(SLUG);
  });
});
