import { describe, expect, it } from "vitest";
import { accentOn, contrastRatio, luminance, paletteOf, parseHex, type Rgb, readableOn } from "../../src/domain/landing-pages/contrast";

const rgb = (hex: string) => parseHex(hex)!;

describe("WCAG contrast", () => {
  it("gives the reference luminances and ratios", () => {
    expect(luminance(rgb("#000000"))).toBe(0);
    expect(luminance(rgb("#ffffff"))).toBe(1);
    expect(contrastRatio(rgb("#000000"), rgb("#ffffff"))).toBe(21);
    expect(contrastRatio(rgb("#ffffff"), rgb("#000000"))).toBe(21);
    expect(contrastRatio(rgb("#777777"), rgb("#777777"))).toBe(1);
    // #767676 on white is the well-known lightest grey that passes AA; #777777 just fails.
    expect(contrastRatio(rgb("#767676"), rgb("#ffffff"))).toBeCloseTo(4.54, 2);
    expect(contrastRatio(rgb("#777777"), rgb("#ffffff"))).toBeLessThan(4.5);
    expect(contrastRatio(rgb("#4f46e5"), rgb("#ffffff"))).toBeCloseTo(6.29, 1);
  });

  it("reads only #rrggbb", () => {
    expect(parseHex("#0ea5e9")).toEqual([14, 165, 233]);
    expect(parseHex("0ea5e9")).toBeNull();
    expect(parseHex("#fff")).toBeNull();
    expect(parseHex("red")).toBeNull();
  });

  it("puts white on dark colours and ink on light ones", () => {
    expect(readableOn(rgb("#4f46e5"))).toEqual([255, 255, 255]);
    expect(readableOn(rgb("#0b1120"))).toEqual([255, 255, 255]);
    expect(readableOn(rgb("#fde047"))).toEqual([17, 24, 39]);
    expect(readableOn(rgb("#f59e0b"))).toEqual([17, 24, 39]);
    expect(readableOn(rgb("#ffffff"))).toEqual([17, 24, 39]);
  });

  it("keeps a readable accent as it is and darkens a light one just enough", () => {
    expect(accentOn(rgb("#4f46e5"), rgb("#ffffff"))).toEqual(rgb("#4f46e5"));
    const yellow = accentOn(rgb("#fde047"), rgb("#ffffff"));
    expect(contrastRatio(yellow, rgb("#ffffff"))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(yellow, rgb("#ffffff"))).toBeLessThan(6);
  });

  // Every colour a tenant could pick, sampled: each text colour on each surface it is drawn on passes AA.
  const SAMPLES = ["#ffffff", "#000000", "#fde047", "#f59e0b", "#0ea5e9", "#4f46e5", "#22c55e", "#808080", "#ff00ff", "#fffbeb", "#0b1120"];
  it.each(SAMPLES.flatMap((primary) => SAMPLES.map((background) => [primary, background])))(
    "primary %s on background %s reaches AA everywhere",
    (primary, background) => {
      const p = paletteOf(primary, background);
      const pairs: [string, string, number][] = [
        [p.onPrimary, p.primary, 4.5],
        [p.text, p.background, 4.5],
        [p.text, p.surface, 4.5],
        [p.muted, p.background, 4.5],
        [p.muted, p.surface, 4.5],
        [p.accent, p.background, 4.5],
        [p.accent, p.surface, 4.5],
        [p.border, p.background, 3],
      ];
      for (const [fg, bg, ratio] of pairs) expect(contrastRatio(rgb(fg) as Rgb, rgb(bg) as Rgb)).toBeGreaterThanOrEqual(ratio);
    },
  );
});
