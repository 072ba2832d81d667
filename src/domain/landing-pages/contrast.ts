// Colour arithmetic for readable pages: WCAG 2.x relative luminance and contrast ratio, and the
// palette a page is drawn with, derived from the tenant's two colours so that every pair of text
// and background on the page reaches AA (4.5:1 for body text), whatever colours were chosen.

export type Rgb = [number, number, number];

const HEX = /^#([0-9a-f]{6})$/i;

export function parseHex(hex: string): Rgb | null {
  const m = hex.match(HEX);
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/** WCAG 2.x relative luminance of an sRGB colour, 0 (black) to 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** a moved toward b by t (0 keeps a, 1 gives b), rounded to what #rrggbb can say, so checks see the colour served. */
export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as Rgb;

export const INK: Rgb = [17, 24, 39]; // #111827
export const PAPER: Rgb = [255, 255, 255];

const BLACK: Rgb = [0, 0, 0];

/**
 * The text colour to put on a background: near-black ink or white, whichever contrasts more; pure
 * black on the mid-tones where ink falls short. Black or white always reaches at least 4.58:1 (the
 * ratio at the luminance where both are equal).
 */
export function readableOn(background: Rgb): Rgb {
  const white = contrastRatio(PAPER, background);
  if (contrastRatio(INK, background) >= Math.max(white, 4.5)) return INK;
  return contrastRatio(BLACK, background) > white ? BLACK : PAPER;
}

/**
 * The colour itself when it reaches the ratio on the background, else the colour moved toward the
 * readable text colour just far enough that it does: a light brand yellow becomes a dark olive for
 * links and headings on white, keeping its hue as far as contrast allows.
 */
export function accentOn(color: Rgb, background: Rgb, ratio = 4.5): Rgb {
  const target = readableOn(background);
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(color, target, step / 20);
    if (contrastRatio(candidate, background) >= ratio) return candidate;
  }
  return target;
}

export interface Palette {
  primary: string;
  onPrimary: string;
  background: string;
  text: string;
  muted: string;
  accent: string;
  surface: string;
  /** Form fields' outline: 3:1 against the background (WCAG 1.4.11). */
  border: string;
  /** Decorative rules and card edges, which carry no meaning. */
  line: string;
}

/** Every colour a page uses, from its primary and background colours. */
export function paletteOf(primaryHex: string, backgroundHex: string): Palette {
  const primary = parseHex(primaryHex) ?? [79, 70, 229];
  const background = parseHex(backgroundHex) ?? PAPER;
  const text = readableOn(background);
  const surface = mix(background, text, 0.04);
  return {
    primary: toHex(primary),
    onPrimary: toHex(readableOn(primary)),
    background: toHex(background),
    text: toHex(text),
    // Muted text is read on cards too, so it must reach AA on the darker of the two surfaces.
    muted: toHex(accentOn(mix(text, background, 0.3), surface)),
    accent: toHex(accentOn(primary, surface)),
    surface: toHex(surface),
    border: toHex(accentOn(mix(text, background, 0.6), background, 3)),
    line: toHex(mix(background, text, 0.14)),
  };
}
