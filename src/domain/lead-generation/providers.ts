import { and, desc, eq } from "drizzle-orm";
import type { Profile, SearchParameters } from "../../db/json/lead-generation";
import { type ProspectProvider, prospectProviders } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import { guardedFetch } from "../../platform/guarded-fetch";
import { newId } from "../../platform/ids";
import { outboundPolicy, refuseOutboundUrl } from "../../platform/outbound-url";
import type { TenantCtx } from "../context";
import { deleteOwned, findOwned } from "../owned";

export interface ProviderInput {
  name: string;
  url: string;
  auth_header?: { name: string; value: string } | null;
  field_mapping?: Record<string, string>;
  enabled?: boolean;
}

/** The pool columns a provider's answer may fill, in the import's words. */
export const POOL_FIELDS = [
  "company",
  "domain",
  "industry",
  "employees",
  "revenue_usd",
  "country",
  "region",
  "city",
  "keywords",
  "description",
  "technologies",
  "first_name",
  "last_name",
  "name",
  "title",
  "email",
  "phone",
  "linkedin",
] as const;

const TIMEOUT_MS = 10_000;
const MAX_PROSPECTS = 1_000;
/** About 2 KB for each of MAX_PROSPECTS prospects: a longer answer is refused, not read. */
const READ_LIMIT_BYTES = 2 * 1024 * 1024;

function checkInput(ctx: TenantCtx, input: Partial<ProviderInput>) {
  if (input.url !== undefined) {
    const refusal = refuseOutboundUrl(input.url, outboundPolicy(ctx.env));
    if (refusal) throw ApiError.invalidField("url", "unsafe_url", `url ${refusal}`);
  }
  for (const [from, to] of Object.entries(input.field_mapping ?? {})) {
    if (!(POOL_FIELDS as readonly string[]).includes(to))
      throw ApiError.invalidField(
        `field_mapping.${from}`,
        "unknown_field",
        `${to} is not a prospect field; use one of ${POOL_FIELDS.join(", ")}`,
      );
  }
}

export async function createProvider(ctx: TenantCtx, input: ProviderInput): Promise<ProspectProvider> {
  checkInput(ctx, input);
  const at = ctx.now.toISOString();
  const provider: ProspectProvider = {
    id: newId("ppr", ctx.now.getTime()),
    tenantId: ctx.tenant.id,
    testMode: ctx.testMode,
    name: input.name,
    url: input.url,
    authHeaderName: input.auth_header?.name ?? null,
    authHeaderValue: input.auth_header?.value ?? null,
    fieldMapping: input.field_mapping ?? {},
    enabled: input.enabled ?? true,
    lastError: null,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.db.insert(prospectProviders).values(provider);
  return provider;
}

export const getProvider = (ctx: TenantCtx, id: string) => findOwned(ctx, prospectProviders, id, "Provider");
export const deleteProvider = (ctx: TenantCtx, id: string) => deleteOwned(ctx, prospectProviders, id, "Provider");

export function listProviders(ctx: TenantCtx): Promise<ProspectProvider[]> {
  return ctx.db.select().from(prospectProviders).where(ownedBy(prospectProviders, ctx)).orderBy(desc(prospectProviders.createdAt));
}

export async function updateProvider(ctx: TenantCtx, id: string, change: Partial<ProviderInput>): Promise<ProspectProvider> {
  await getProvider(ctx, id);
  checkInput(ctx, change);
  const [updated] = await ctx.db
    .update(prospectProviders)
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.auth_header !== undefined
        ? { authHeaderName: change.auth_header?.name ?? null, authHeaderValue: change.auth_header?.value ?? null }
        : {}),
      ...(change.field_mapping !== undefined ? { fieldMapping: change.field_mapping } : {}),
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
      updatedAt: ctx.now.toISOString(),
    })
    .where(and(ownedBy(prospectProviders, ctx), eq(prospectProviders.id, id)))
    .returning();
  return updated!;
}

/** A provider's prospect in the pool's words: its own field names renamed by the mapping. */
function mapped(raw: Record<string, unknown>, mapping: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = mapping[key] ?? key;
    if ((POOL_FIELDS as readonly string[]).includes(field)) row[field] = value;
  }
  return row;
}

export interface ProviderAnswer {
  providerId: string;
  rows: Record<string, unknown>[];
  error: string | null;
}

/**
 * Asks each enabled provider for candidates: `POST url {command_id, profile, search_parameters,
 * limit}`, answered with `{prospects: [...]}` (or a bare array). A provider that fails or times
 * out is recorded on the provider and skipped; research goes on with the pool.
 */
export async function askProviders(
  ctx: TenantCtx,
  commandId: string,
  profile: Profile,
  search: SearchParameters,
  limit: number,
): Promise<ProviderAnswer[]> {
  const providers = (await listProviders(ctx)).filter((p) => p.enabled);
  return Promise.all(
    providers.map(async (provider): Promise<ProviderAnswer> => {
      let error: string | null = null;
      let rows: Record<string, unknown>[] = [];
      try {
        const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
        if (provider.authHeaderName && provider.authHeaderValue) headers[provider.authHeaderName] = provider.authHeaderValue;
        // Checked again now, not only when saved: the name may resolve elsewhere since.
        const res = await guardedFetch(
          ctx,
          provider.url,
          { method: "POST", headers, body: JSON.stringify({ command_id: commandId, profile, search_parameters: search, limit }) },
          { timeoutMs: TIMEOUT_MS, maxBytes: READ_LIMIT_BYTES },
        );
        if (!res.ok) throw new Error(`answered ${res.status}`);
        const body = (await res.json()) as unknown;
        const list = Array.isArray(body) ? body : (body as { prospects?: unknown }).prospects;
        if (!Array.isArray(list)) throw new Error("answered without a prospects array");
        rows = list
          .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
          .slice(0, MAX_PROSPECTS)
          .map((p) => mapped(p, provider.fieldMapping));
      } catch (failure) {
        error =
          failure instanceof Error && failure.name === "TimeoutError"
            ? `no answer within ${TIMEOUT_MS / 1000} s`
            : failure instanceof Error
              ? failure.message
              : String(failure);
      }
      await ctx.db
        .update(prospectProviders)
        .set({ lastError: error, updatedAt: ctx.now.toISOString() })
        .where(eq(prospectProviders.id, provider.id));
      return { providerId: provider.id, rows, error };
    }),
  );
}
