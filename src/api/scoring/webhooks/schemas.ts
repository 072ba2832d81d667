import { z } from "@hono/zod-openapi";
import { DeliverySchema, EndpointDeleted, EndpointSchema, RedeliverySchema } from "../../submission/webhooks/schemas";
import { successBody } from "../family";

// One resource, two families: the shapes are the submission seed's, here in `{ status: "success", data }`.
export {
  DeliveriesQuery,
  DeliveryParams,
  EndpointCreate,
  EndpointUpdate,
  renderDelivery,
  renderEndpoint,
  SIGNING,
  WebhookParams,
} from "../../submission/webhooks/schemas";

export const EndpointResponse = successBody(EndpointSchema, "ScoringWebhookEndpoint");
export const EndpointList = successBody(z.array(EndpointSchema), "ScoringWebhookEndpointList");
export const EndpointDeletedResponse = successBody(EndpointDeleted, "ScoringWebhookEndpointDeleted");
export const DeliveryList = successBody(z.array(DeliverySchema), "ScoringWebhookDeliveryList");
export const RedeliveryResponse = successBody(RedeliverySchema, "ScoringWebhookRedelivery");
