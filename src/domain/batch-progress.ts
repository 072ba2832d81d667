/** Where a batch stands, as its BatchCoordinator counts it. */
export interface BatchProgress {
  totalChunks: number;
  totalItems: number;
  chunksDone: number;
  processedItems: number;
  failedItems: number;
  /** Every chunk is counted and the completion has not been confirmed yet: finish the batch. */
  completionDue: boolean;
  completed: boolean;
}
