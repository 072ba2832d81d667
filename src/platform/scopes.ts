import type { Family } from "./families";

/** Every resource a key's scopes can name. A scope is `<resource>:read`, `<resource>:write`, `<resource>:*` or `*`. */
export const SCOPE_RESOURCES = [
  "account",
  "api-keys",
  "agents",
  "analytics",
  "campaigns",
  "config",
  "flows",
  "forms",
  "generation",
  "landing-pages",
  "leads",
  "messages",
  "models",
  "opportunities",
  "senders",
  "sites",
  "suppressions",
  "users",
  "webhooks",
  "workflows",
] as const;

export const ALL_SCOPES = ["*", ...SCOPE_RESOURCES.flatMap((r) => [`${r}:*`, `${r}:read`, `${r}:write`])];

const KNOWN = new Set<string>(SCOPE_RESOURCES);

function resourceOf(path: string, family: Family): string | undefined {
  const segments = path.split("/").filter(Boolean);
  switch (family) {
    case "agents":
      return "agents";
    case "submission":
      // Leads submitted into a flow are lead writes, not flow configuration.
      return segments[2] === "flows" && segments[4] === "leads" ? "leads" : segments[2];
    case "scoring":
      return segments[1];
    case "generation":
      if (segments[1] === "campaigns" && segments[2] === "ai") return "generation";
      // An enrollment belongs to its workflow, as /v1/workflows/{id}/enrollments says.
      if (segments[1] === "enrollments") return "workflows";
      return segments[1];
    default:
      return undefined;
  }
}

/** The scope a request needs: reads (GET, HEAD) need `:read`, everything else `:write`. */
export function requiredScope(path: string, method: string, family: Family): string | undefined {
  const resource = resourceOf(path, family);
  // A path under no known resource needs no scope: it answers 404 whoever asks.
  if (!resource || !KNOWN.has(resource)) return undefined;
  return `${resource}:${method === "GET" || method === "HEAD" ? "read" : "write"}`;
}

export function grants(scopes: readonly string[], needed: string): boolean {
  const [resource] = needed.split(":");
  return scopes.includes("*") || scopes.includes(`${resource}:*`) || scopes.includes(needed);
}

/**
 * Whether a key holding `held` may hand out every scope of `wanted`: `*` only from `*`,
 * `<resource>:*` only from itself or `*`, and `<resource>:read|write` from whatever grants it.
 */
export function scopesCover(held: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((scope) => {
    if (held.includes("*")) return true;
    if (scope === "*") return false;
    return scope.endsWith(":*") ? held.includes(scope) : grants(held, scope);
  });
}
