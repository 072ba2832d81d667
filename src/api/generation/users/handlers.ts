import * as users from "../../../domain/users/users";
import type { AppRouteHandler } from "../../../platform/router";
import { tenantCtxOf } from "../../request-context";
import { ok } from "../family";
import type * as routes from "./routes";
import { renderUser } from "./schemas";

export const createUser: AppRouteHandler<typeof routes.createUser> = async (c) => {
  const site = await users.createUser(tenantCtxOf(c), c.req.valid("json"));
  return c.json(ok(renderUser(site), "User created"), 201);
};

export const listUsers: AppRouteHandler<typeof routes.listUsers> = async (c) => {
  const list = await users.listUsers(tenantCtxOf(c), c.req.valid("query"));
  return c.json(ok(list.map(renderUser)), 200);
};

export const getUser: AppRouteHandler<typeof routes.getUser> = async (c) => {
  const site = await users.getUser(tenantCtxOf(c), c.req.valid("param").user_id);
  return c.json(ok(renderUser(site)), 200);
};

export const updateUser: AppRouteHandler<typeof routes.updateUser> = async (c) => {
  const site = await users.updateUser(tenantCtxOf(c), c.req.valid("param").user_id, c.req.valid("json"));
  return c.json(ok(renderUser(site), "User updated"), 200);
};

export const deleteUser: AppRouteHandler<typeof routes.deleteUser> = async (c) => {
  const { user_id } = c.req.valid("param");
  await users.deleteUser(tenantCtxOf(c), user_id);
  return c.json(ok({ id: user_id, deleted: true as const }, "User deleted"), 200);
};
