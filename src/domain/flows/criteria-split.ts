// Cutting a criteria expression into its top-level `&&` rules, reading strings as cel-js does.

/**
 * Spans of the top-level `&&` conjuncts, without surrounding blanks and comments. CEL's `||` and `?:`
 * bind looser than `&&`, so a top-level `||` or `?` makes the whole expression one rule. Only called on
 * a source cel-js has parsed, so brackets balance and every quote opens a string.
 */
export function splitConjuncts(source: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start: number | null = null;
  let end = 0;
  let depth = 0;
  let oneRule = false;
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    const next = source.charAt(i + 1);
    if (ch === "/" && next === "/") {
      const newline = source.indexOf("\n", i);
      i = newline === -1 ? source.length : newline;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (depth === 0 && ch === "&" && next === "&") {
      if (start !== null) spans.push({ start, end });
      start = null;
      i += 2;
      continue;
    }
    if (depth === 0 && ((ch === "|" && next === "|") || ch === "?")) oneRule = true;
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    start ??= i;
    i = ch === '"' || ch === "'" ? stringEnd(source, i) : i + 1;
    end = i;
  }
  if (start !== null) spans.push({ start, end });
  const first = spans[0];
  const last = spans[spans.length - 1];
  return oneRule && first && last ? [{ start: first.start, end: last.end }] : spans;
}

/** End of the string literal opening at `start`, scanned as cel-js does: a backslash skips the next character even in raw strings. */
function stringEnd(source: string, start: number): number {
  const quote = source.charAt(start);
  const delimiter = source.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  while (i < source.length) {
    if (source.charAt(i) === "\\") i += 2;
    else if (source.startsWith(delimiter, i)) return i + delimiter.length;
    else i++;
  }
  return source.length;
}
