/** The lead submission seed's events. */
export const SUBMISSION_EVENTS = [
  "lead.received",
  "lead.accepted",
  "lead.rejected",
  "lead.delivered",
  "lead.failed",
  "lead.converted",
] as const;

/** Every event a webhook endpoint can subscribe to (or "*" for all of them). */
export const WEBHOOK_EVENTS = [
  ...SUBMISSION_EVENTS,
  "lead.scored",
  "lead.hot",
  "prediction.updated",
  "churn.risk_high",
  "scoring.batch.completed",
  "model.demoted",
  "lead_generation.completed",
  "lead_generation.failed",
  "playground.batch.completed",
  "email.sent",
  "email.opened",
  "email.clicked",
  "email.replied",
  "email.bounced",
  "email.complained",
  "lead.unsubscribed",
  "campaign.send.completed",
  "webhook.disabled",
  "recipient.paused",
  "sequence.enrolled",
  "sequence.email_sent",
  "sequence.exited",
  "sequence.completed",
  "sequence.action",
] as const;

export function subscribes(events: readonly string[], eventType: string): boolean {
  return events.includes("*") || events.includes(eventType);
}
