import { z } from "@hono/zod-openapi";
import type { Status } from "../../../db/schema";
import { successEnvelope } from "../../../platform/envelopes";

const EntityType = z.enum(["lead", "opportunity"]);

export const StatusFields = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_]+$/, "lower-case letters, digits and underscores")
    .openapi({ example: "qualified" }),
  name: z.string().min(1).max(100).openapi({ example: "Qualified" }),
  description: z.string().max(500).nullable().optional(),
  color: z.string().max(32).nullable().optional().openapi({ example: "green" }),
  sortOrder: z.number().int().min(0).max(1000).optional(),
  isDefault: z
    .boolean()
    .optional()
    .openapi({ description: "Exactly one status per entity type is the default; a new default replaces the old one" }),
  isClosed: z
    .boolean()
    .optional()
    .openapi({ description: "Ends the pipeline. For lead statuses it defaults from the code (won, lost, converted, disqualified…)" }),
  isWon: z
    .boolean()
    .optional()
    .openapi({ description: "A won status is closed: `isWon: true` closes it unless `isClosed: false` is sent, which is refused" }),
  defaultProbability: z
    .number()
    .int()
    .min(0)
    .max(100)
    .nullable()
    .optional()
    .openapi({ description: "Opportunity stages: the win probability a deal in this stage starts with" }),
});

const OneStatus = StatusFields.extend({ entityType: EntityType.default("lead") });
const StatusSetInput = z.object({ entityType: EntityType.default("lead"), statuses: z.array(StatusFields).min(1).max(50) });
const StageSetInput = z.object({
  entityType: z.literal("opportunity").default("opportunity"),
  stages: z.array(StatusFields).min(1).max(50),
});

/** The shape a body means by the keys it has: a `stages` set, else a `statuses` set, else one status. */
function shapeOf(body: unknown) {
  const keys = body !== null && typeof body === "object" ? body : {};
  if ("stages" in keys) return StageSetInput;
  if ("statuses" in keys) return StatusSetInput;
  return OneStatus;
}

// Checked against the one shape its keys pick, so each problem names its field (`name`,
// `statuses[0].name`): a union alone answers a bare "Invalid input" for the body when no shape
// fits. The union is what the OpenAPI document shows; given a body already parsed, it takes the same shape.
export const CreateStatuses = z
  .preprocess(
    (body, ctx) => {
      const parsed = shapeOf(body).safeParse(body);
      if (parsed.success) return parsed.data;
      // Finalized issues, with their messages, pass through as they are.
      ctx.issues.push(...(parsed.error.issues as z.core.$ZodRawIssue[]));
      return body;
    },
    z.union([StageSetInput, StatusSetInput, OneStatus]),
  )
  .openapi("CreateStatuses", {
    description:
      'One status, or a status generator\'s `data` with its entity type: `{entityType: "lead", statuses: ' +
      '[...]}` or `{entityType: "opportunity", stages: [...]}`. A body with `stages` is a stage set, one with `statuses` a ' +
      "status set, any other one status",
  });

export const StatusSchema = z
  .object({
    id: z.string(),
    entityType: EntityType,
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    color: z.string().nullable(),
    sortOrder: z.number().int(),
    isDefault: z.boolean(),
    isClosed: z.boolean(),
    isWon: z.boolean(),
    defaultProbability: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Status");

export const StatusQuery = z.object({ entityType: EntityType.optional() });

export function renderStatus(s: Status): z.infer<typeof StatusSchema> {
  return {
    id: s.id,
    entityType: s.entityType,
    code: s.code,
    name: s.name,
    description: s.description,
    color: s.color,
    sortOrder: s.sortOrder,
    isDefault: s.isDefault,
    isClosed: s.isClosed,
    isWon: s.isWon,
    defaultProbability: s.defaultProbability,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

const StatusSet = z.object({
  entityType: z.string(),
  statuses: z.array(StatusSchema).optional(),
  stages: z.array(StatusSchema).optional(),
});
export const StatusesCreated = successEnvelope(z.union([StatusSchema, StatusSet]), "StatusesCreated");
export const StatusList = successEnvelope(z.array(StatusSchema), "StatusList");
export const StatusResponse = successEnvelope(StatusSchema, "StatusResponse");
export const StatusChange = StatusFields.partial().openapi("StatusChange");
export const StatusUpdated = successEnvelope(StatusSchema, "StatusUpdated");
