/** Every message on the job queue, by `type`. */
export type JobMessage = ScoringChunkMessage;

/** Score one chunk of a scoring batch. */
export interface ScoringChunkMessage {
  type: "scoring.batch_chunk";
  tenantId: string;
  testMode: boolean;
  batchId: string;
  chunk: number;
}
