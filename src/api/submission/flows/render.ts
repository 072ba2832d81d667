import type { Flow, LeadEvent } from "../../../db/schema";
import { MASKED } from "../../../domain/delivery/recipient";
import type { FlowStatistics, SavedFlow } from "../../../domain/flows/flows";
import type { FlowWithStatistics } from "../../../domain/flows/with-statistics";

// Flows and their events in the shapes schemas.ts declares.

/** Recipient header values are the buyer's secrets: shown back masked. */
function maskSteps(steps: Flow["steps"]): Flow["steps"] {
  return steps.map((step) => {
    const headers = step.settings.headers;
    if (step.type !== "recipient" || !headers || typeof headers !== "object") return step;
    return { ...step, settings: { ...step.settings, headers: Object.fromEntries(Object.keys(headers).map((name) => [name, MASKED])) } };
  });
}

export function renderFlow(flow: Flow, statistics: FlowStatistics) {
  return {
    id: flow.id,
    name: flow.name,
    status: flow.status,
    description: flow.description,
    created_at: flow.createdAt,
    updated_at: flow.updatedAt,
    configuration: { steps: maskSteps(flow.steps) },
    settings: flow.settings,
    statistics,
  };
}

/** A flow in a list: no steps or settings. */
export function renderFlowSummary({ flow, statistics }: FlowWithStatistics) {
  return { id: flow.id, name: flow.name, status: flow.status, created_at: flow.createdAt, updated_at: flow.updatedAt, statistics };
}

export function renderFlowEvent(e: LeadEvent) {
  const data = e.data ?? {};
  const delivery = data.recipient
    ? {
        recipient: data.recipient as { id: string; name: string; type: string },
        duration_ms: data.duration_ms as number,
        response_code: data.response_code as number | null,
      }
    : {};
  return { id: e.id, lead_id: e.leadId, type: e.type, timestamp: e.createdAt, outcome: e.outcome, reason: e.reason, ...delivery };
}

/** A flow's settings as a save answers them: the notification endpoint's secret once, when the save created it. */
export function savedSettings(flow: SavedFlow) {
  const { notifications } = flow.settings;
  if (!notifications || !flow.notificationSecret) return flow.settings;
  return { ...flow.settings, notifications: { ...notifications, webhook_secret: flow.notificationSecret } };
}
