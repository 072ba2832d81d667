// Small text helpers the generation templates share: they read the nouns of a prompt so that
// deterministic answers still respond to what was asked.

export const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());

/** Who the prompt targets: "… targeting CTOs." -> "CTOs"; "targeting" wins over "for" and "aimed at". */
export function audienceOf(prompt: string): string | null {
  for (const word of ["targeting", "aimed at", "for"]) {
    const m = prompt.match(new RegExp(`\\b${word}\\s+((?:[A-Z][\\w&-]*\\s+)?[A-Z][\\w&-]*s?\\b(?:\\s+(?:and|&)\\s+[A-Z][\\w&-]*s?)?)`));
    if (m) return m[1]!.trim();
  }
  return null;
}

/** The first sentence of a prompt, trimmed to a description. */
export function firstSentence(prompt: string, max = 140): string {
  const sentence = prompt.trim().split(/(?<=[.!?])\s/)[0] ?? prompt.trim();
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence.replace(/[.!?]$/, "");
}

/** A count the prompt or a field asks for: "5", "3-5" (the middle, rounded up), "a 7-email sequence". */
export function countOf(field: string | undefined, prompt: string, noun: string, fallback: number, bounds: [number, number]): number {
  const clamp = (n: number) => Math.min(bounds[1], Math.max(bounds[0], n));
  const fromField = field?.match(/^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/);
  if (fromField) return clamp(fromField[2] ? Math.ceil((Number(fromField[1]) + Number(fromField[2])) / 2) : Number(fromField[1]));
  const fromPrompt = prompt.match(new RegExp(`\\b(\\d+)[- ]${noun}`, "i"));
  return clamp(fromPrompt ? Number(fromPrompt[1]) : fallback);
}

/**
 * Whether the prompt names one of the words: the whole word or its plural ("demo", "demos"; never
 * "demographics"), or any word a stem ending in * begins ("qualif*": qualify, qualification).
 */
export const mentions = (prompt: string, ...words: string[]) =>
  words.some((w) => new RegExp(w.endsWith("*") ? `\\b${w.slice(0, -1)}` : `\\b${w}(?:e?s)?\\b`, "i").test(prompt));
