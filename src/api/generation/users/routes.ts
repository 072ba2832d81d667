import { createRoute } from "@hono/zod-openapi";
import { DeletedResponse, idParam, json, Pagination } from "../../../platform/envelopes";
import { errors, security } from "../family";
import { UserCreate, UserListResponse, UserResponse, UserUpdate } from "./schemas";

const tags = ["Users"];
const params = idParam("user_id", "user_01jd0x5v7k2m3n4p5q6r7s8t9v");

export const createUser = createRoute({
  operationId: "createUser",
  method: "post",
  path: "/v1/users",
  tags,
  security,
  summary: "Create a user (a person who requests lead generation)",
  description:
    "Send `id` to keep your own id (a client migrating from the seed keeps `user_123xyz`); it is unique " +
    "per tenant and mode, and one the tenant already has is a 409 naming `id`.",
  request: { body: { required: true, content: json(UserCreate) } },
  responses: { 201: { description: "The user", content: json(UserResponse) }, ...errors(409, 422) },
});

export const listUsers = createRoute({
  operationId: "listUsers",
  method: "get",
  path: "/v1/users",
  tags,
  security,
  summary: "List users, newest first",
  request: { query: Pagination },
  responses: { 200: { description: "Users", content: json(UserListResponse) }, ...errors() },
});

export const getUser = createRoute({
  operationId: "getUser",
  method: "get",
  path: "/v1/users/{user_id}",
  tags,
  security,
  summary: "Get a user",
  request: { params },
  responses: { 200: { description: "The user", content: json(UserResponse) }, ...errors(404) },
});

export const updateUser = createRoute({
  operationId: "updateUser",
  method: "patch",
  path: "/v1/users/{user_id}",
  tags,
  security,
  summary: "Change a user's name or email",
  description: "An email another user of the tenant and mode has (compared without case) is a 409 naming `email`.",
  request: { params, body: { required: true, content: json(UserUpdate) } },
  responses: { 200: { description: "The user", content: json(UserResponse) }, ...errors(404, 409) },
});

export const deleteUser = createRoute({
  operationId: "deleteUser",
  method: "delete",
  path: "/v1/users/{user_id}",
  tags,
  security,
  summary: "Delete a user",
  description:
    "Refused with 409 (naming `user_id` and how many) while a lead generation command of the tenant and mode that names " +
    "the user is still processing: cancel it or let it finish. Finished commands keep showing the id.",
  request: { params },
  responses: { 200: { description: "Deleted", content: json(DeletedResponse) }, ...errors(404, 409) },
});
