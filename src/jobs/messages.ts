/** Every message on the job queue, by `type`. */
export type JobMessage = ScoringChunkMessage | PlaygroundDraftMessage;

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
