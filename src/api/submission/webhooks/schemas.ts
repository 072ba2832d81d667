import { z } from "@hono/zod-openapi";
import type { WebhookDelivery, WebhookEndpoint } from "../../../db/schema";
import { WEBHOOK_EVENTS } from "../../../domain/webhooks/events";
import { isReadableSecret, MIN_CUSTOM_SECRET, WHSEC_MESSAGE } from "../../../domain/webhooks/signing";
import { idParam } from "../../../platform/envelopes";

const EventName = z.enum(["*", ...WEBHOOK_EVENTS]).openapi({ example: "lead.delivered" });

/** How every delivery is signed and retried: said on both families' create routes. */
export const SIGNING =
  "Deliveries are signed (Standard Webhooks headers webhook-id, webhook-timestamp, webhook-signature; " +
  "plus X-Leadedge-Signature: sha256=<hex HMAC of the body>) and retried up to 5 times with backoff. " +
  "The lead.received, accepted, rejected, delivered, failed and converted events also end with a signature field, " +
  "as the submission seed's payload shows: sha256=<hex HMAC of the body without that field>.";

export const EndpointCreate = z
  .object({
    url: z.url().max(2048).openapi({ example: "https://company.com/webhooks/leadedge" }),
    events: z
      .array(EventName)
      .min(1)
      .max(50)
      .openapi({ description: 'Event names, or "*" for all', example: ["lead.accepted", "lead.delivered"] }),
    description: z.string().max(500).nullable().optional(),
    secret: z
      .string()
      .min(MIN_CUSTOM_SECRET)
      .max(200)
      .refine(isReadableSecret, WHSEC_MESSAGE)
      .optional()
      .openapi({ description: "Your own signing secret, at least 24 characters; generated (whsec_…) when omitted" }),
    enabled: z.boolean().optional(),
  })
  .openapi("WebhookEndpointCreate");

export const EndpointUpdate = z
  .object({
    url: z.url().max(2048).optional(),
    events: z.array(EventName).min(1).max(50).optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional().openapi({ description: "true re-enables a disabled endpoint" }),
    rotate_secret: z.boolean().optional().openapi({ description: "Issue a new secret (shown in this answer only)" }),
  })
  .openapi("WebhookEndpointUpdate");

export const EndpointSchema = z
  .object({
    id: z.string().openapi({ example: "whk_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    secret: z
      .string()
      .optional()
      .openapi({ description: "Only when created or rotated", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
    secret_hint: z.string().nullable().openapi({
      description: "sha256: and the first 8 hex of a generated secret's SHA-256; null for your own secret",
      example: "sha256:3f9a1c0e",
    }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("WebhookEndpoint");

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: "dlv_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
    event_id: z.string(),
    event_type: z.string(),
    attempt: z.number().int(),
    outcome: z.enum(["succeeded", "failed", "gone"]),
    response_status: z.number().int().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable(),
    next_retry_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("WebhookDelivery");

export const RedeliverySchema = z
  .object({ delivery_id: z.string(), event_id: z.string(), instance_id: z.string(), status: z.literal("queued") })
  .openapi("WebhookRedelivery");

export const EndpointDeleted = z.object({ id: z.string(), deleted: z.literal(true) });

/** The submission seed's lists name their items; the scoring family's `data` is the bare array. */
export const EndpointList = z.object({ webhooks: z.array(EndpointSchema) }).openapi("WebhookEndpointList");
export const DeliveryList = z.object({ deliveries: z.array(DeliverySchema) }).openapi("WebhookDeliveryList");

export const WebhookParams = idParam("webhook_id", "whk_01jd0x5v7k2m3n4p5q6r7s8t9v");
export const DeliveryParams = WebhookParams.extend({
  delivery_id: z
    .string()
    .max(64)
    .openapi({ param: { name: "delivery_id", in: "path" }, example: "dlv_01jd0x5v7k2m3n4p5q6r7s8t9v" }),
});
export const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function renderEndpoint(endpoint: WebhookEndpoint, showSecret = false): z.infer<typeof EndpointSchema> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    ...(showSecret ? { secret: endpoint.secret } : {}),
    secret_hint: endpoint.secretHint,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

export function renderDelivery(d: WebhookDelivery): z.infer<typeof DeliverySchema> {
  return {
    id: d.id,
    event_id: d.eventId,
    event_type: d.eventType,
    attempt: d.attempt,
    outcome: d.outcome,
    response_status: d.responseStatus,
    duration_ms: d.durationMs,
    error: d.error,
    next_retry_at: d.nextRetryAt,
    created_at: d.createdAt,
  };
}
