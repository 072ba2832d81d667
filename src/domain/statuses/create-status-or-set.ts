import type { Status } from "../../db/schema";
import type { TenantCtx } from "../context";
import { createStatuses, type EntityType, type StatusInput } from "./statuses";

/** One status, or a status generator's whole set: its `statuses`, or for opportunities its `stages`. */
export type StatusOrSet =
  | ({ entityType: EntityType } & StatusInput)
  | { entityType: EntityType; statuses: StatusInput[] }
  | { entityType: "opportunity"; stages: StatusInput[] };

export type StatusOrSetCreated =
  | { kind: "one"; status: Status }
  | { kind: "set"; entityType: EntityType; key: "statuses" | "stages"; statuses: Status[] };

/** Creates what was sent: a set under the key it came in (which names its fields in errors), or one status. */
export async function createStatusOrSet(ctx: TenantCtx, request: StatusOrSet): Promise<StatusOrSetCreated> {
  if ("statuses" in request || "stages" in request) {
    const key = "stages" in request ? "stages" : "statuses";
    const inputs = "stages" in request ? request.stages : request.statuses;
    return { kind: "set", entityType: request.entityType, key, statuses: await createStatuses(ctx, request.entityType, inputs, key) };
  }
  const { entityType, ...input } = request;
  const [status] = await createStatuses(ctx, entityType, [input]);
  return { kind: "one", status: status! };
}
