import { z } from "@hono/zod-openapi";
import type { User } from "../../../db/schema";
import { callerId, successEnvelope } from "../../../platform/envelopes";

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Dana Whitfield" }),
  email: z.email().max(320).openapi({ description: "Unique per tenant (case-insensitive)", example: "dana@acme-automation.example" }),
};
export const UserCreate = z.object({ id: callerId("user_123xyz").optional(), ...fields }).openapi("UserCreate");
export const UserUpdate = z.object(fields).partial().openapi("UserUpdate");

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "user_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    name: z.string().openapi({ example: "Dana Whitfield" }),
    email: z.string().openapi({ example: "dana@acme-automation.example" }),
    created_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    updated_at: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
  })
  .openapi("User");

export const UserResponse = successEnvelope(UserSchema, "UserResponse");
export const UserListResponse = successEnvelope(z.array(UserSchema), "UserListResponse");

export function renderUser(user: User): z.infer<typeof UserSchema> {
  return { id: user.id, name: user.name, email: user.email, created_at: user.createdAt, updated_at: user.updatedAt };
}
