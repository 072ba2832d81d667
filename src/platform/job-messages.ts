import { QUEUE_SEND_BATCH_MAX, slices } from "./limits";

/** Every message on the job queue, by `type`. */
export type JobMessage = ScoringChunkMessage | PlaygroundDraftMessage | EmailOpenedMessage | SequenceDispatchMessage;

/** Score one chunk of a scoring batch. */
export interface ScoringChunkMessage {
  type: "scoring.batch_chunk";
  tenantId: string;
  testMode: boolean;
  batchId: string;
  chunk: number;
}

/** Write one lead's draft in a playground batch. */
export interface PlaygroundDraftMessage {
  type: "playground.draft";
  tenantId: string;
  testMode: boolean;
  batchId: string;
  campaignLeadId: string;
}

/** Start the Workflow instances of a tenant's enrollments not yet started (the enrollment rows are the outbox). */
export interface SequenceDispatchMessage {
  type: "sequence.dispatch";
  tenantId: string;
  testMode: boolean;
}

/** Record that a message's open pixel was fetched, at `at` (the pixel answers before this is done). */
export interface EmailOpenedMessage {
  type: "email.opened";
  messageId: string;
  at: string;
}

/** Puts jobs on the queue, as many calls as the queue's batch limit needs. */
export async function enqueueJobs(queue: Queue, messages: JobMessage[]): Promise<void> {
  for (const part of slices(messages, QUEUE_SEND_BATCH_MAX)) await queue.sendBatch(part.map((body) => ({ body, contentType: "json" })));
}
