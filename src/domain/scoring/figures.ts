import type { ScoringModel } from "../../db/schema";
import type { BatchProgress } from "../batch-progress";
import { dimension } from "./features";

/** Share of a batch's chunks finished, 0–100 with one decimal; an empty batch is at 0. */
export function percentDone(progress: BatchProgress): number {
  return progress.totalChunks === 0 ? 0 : Math.round((progress.chunksDone / progress.totalChunks) * 1000) / 10;
}

/** How many features a trained model weighs; null until it has been trained. */
export function featureCount(model: ScoringModel): number | null {
  const spec = model.parameters?.spec;
  return spec ? dimension(spec) : null;
}
