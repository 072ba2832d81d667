// Each path family keeps the envelope of the seed it comes from (DESIGN.md, "Path families").
export type Family = "generation" | "agents" | "scoring" | "submission" | "operators" | "public";

const SCORING = ["/v1/leads", "/v1/webhooks", "/v1/models"];

function under(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

export function familyOf(path: string): Family {
  if (under(path, "/admin")) return "operators";
  if (under(path, "/api/agents")) return "agents";
  if (under(path, "/api/v1")) return "submission";
  if (SCORING.some((base) => under(path, base))) return "scoring";
  if (under(path, "/v1")) return "generation";
  return "public";
}

/** Families whose routes need an API key (operators use the admin token instead). */
export function isTenantFamily(family: Family): boolean {
  return family !== "operators" && family !== "public";
}
