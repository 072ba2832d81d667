import { and, eq, notExists } from "drizzle-orm";
import { leadGenerationCommands, sites, users } from "../../db/schema";
import { ownedBy } from "../../db/scope";
import { ApiError } from "../../platform/errors";
import type { TenantCtx } from "../context";
import { findOwned } from "../owned";

// A lead generation command names a site and, optionally, a user; the leads it delivers name them
// too. So neither may go while a command naming it still runs. Finished commands keep showing the id.

const REFERENCES = {
  site: { table: sites, column: leadGenerationCommands.siteId, noun: "Site", field: "site_id" },
  user: { table: users, column: leadGenerationCommands.userId, noun: "User", field: "user_id" },
} as const;

/**
 * Deletes the caller's site or user unless a processing command names it (409, saying how many and
 * how to proceed). One statement checks and deletes; createCommand checks the site or user apart
 * from storing the command, so one taken in the same instant as the delete can still slip past.
 */
export async function deleteUnlessCommandsName(ctx: TenantCtx, kind: keyof typeof REFERENCES, id: string): Promise<void> {
  const { table, column, noun, field } = REFERENCES[kind];
  const naming = and(ownedBy(leadGenerationCommands, ctx), eq(column, id), eq(leadGenerationCommands.status, "processing"));
  const deleted = await ctx.db
    .delete(table)
    .where(
      and(
        ownedBy(table, ctx),
        eq(table.id, id),
        notExists(ctx.db.select({ id: leadGenerationCommands.id }).from(leadGenerationCommands).where(naming)),
      ),
    )
    .returning({ id: table.id });
  if (deleted.length > 0) return;
  await findOwned(ctx, table, id, noun);
  const count = await ctx.db.$count(leadGenerationCommands, naming);
  const commands = `${count} processing lead generation command${count === 1 ? "" : "s"}`;
  const them = count === 1 ? "it" : "them";
  throw new ApiError(
    "conflict",
    `${noun} ${id} is named by ${commands}: ` +
      `cancel ${them} (DELETE /api/agents/sales/leadGeneration/{command_id}) or let ${them} finish first`,
    [{ field, code: "in_use", message: `${commands} name${count === 1 ? "s" : ""} this ${kind}` }],
  );
}
