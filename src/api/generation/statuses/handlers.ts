import { createStatusOrSet } from "../../../domain/statuses/create-status-or-set";
import * as statuses from "../../../domain/statuses/statuses";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderStatus } from "./schemas";

export const createStatuses: AppRouteHandler<typeof routes.createStatuses> = async (c) => {
  const created = await createStatusOrSet(tenantCtxOf(c), c.req.valid("json"));
  if (created.kind === "one") return c.json(ok(renderStatus(created.status), "Status created"), 201);
  const set = { entityType: created.entityType, [created.key]: created.statuses.map(renderStatus) };
  return c.json(ok(set, `${created.statuses.length} statuses created`), 201);
};

export const listStatuses: AppRouteHandler<typeof routes.listStatuses> = async (c) =>
  c.json(ok((await statuses.listStatuses(tenantCtxOf(c), c.req.valid("query").entityType)).map(renderStatus)), 200);

export const getStatus: AppRouteHandler<typeof routes.getStatus> = async (c) =>
  c.json(ok(renderStatus(await statuses.getStatus(tenantCtxOf(c), c.req.valid("param").status_id))), 200);

export const updateStatus: AppRouteHandler<typeof routes.updateStatus> = async (c) =>
  c.json(
    ok(renderStatus(await statuses.updateStatus(tenantCtxOf(c), c.req.valid("param").status_id, c.req.valid("json"))), "Status updated"),
    200,
  );

export const deleteStatus: AppRouteHandler<typeof routes.deleteStatus> = async (c) => {
  const { status_id } = c.req.valid("param");
  await statuses.deleteStatus(tenantCtxOf(c), status_id);
  return c.json(ok({ id: status_id, deleted: true as const }, "Status deleted"), 200);
};
