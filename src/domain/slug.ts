/**
 * A URL slug of `text`: lowercase ASCII words joined by single hyphens, never starting or ending
 * with one (`^[a-z0-9]+(?:-[a-z0-9]+)*$`); `fallback` when nothing of `text` survives.
 */
export function slugOf(text: string, fallback: string, maxLength = 60): string {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9\s_-]/g, "")
    .split(/[\s_-]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || words[0]?.slice(0, maxLength) || fallback;
}
