import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { backgroundCtx } from "../domain/context";
import { recordTrainingFailure, type TrainingTarget, trainAndRecord } from "../domain/scoring/models";

// Training is deterministic and idempotent (it rewrites the same model row), so a retry is safe.
const TRAIN_STEP = { retries: { limit: 1, delay: "30 seconds", backoff: "constant" }, timeout: "10 minutes" } as const;
// Marking the row failed only moves it out of `training`, so repeating it changes nothing.
const RECORD_FAILURE_STEP = { retries: { limit: 3, delay: "10 seconds", backoff: "exponential" } } as const;

/** Trains one tenant model off the request path and records whether it was promoted. */
export class ModelTrainingWorkflow extends WorkflowEntrypoint<Env, TrainingTarget> {
  override async run(event: Readonly<WorkflowEvent<TrainingTarget>>, step: WorkflowStep) {
    const ctx = () => backgroundCtx(this.env, (task) => this.ctx.waitUntil(task));
    try {
      return await step.do("train and evaluate", TRAIN_STEP, () => trainAndRecord(ctx(), event.payload));
    } catch (error) {
      // Out of retries: a row left in `training` would hold back every later training.
      await step.do("record failure", RECORD_FAILURE_STEP, () => recordTrainingFailure(ctx(), event.payload.modelId, error));
      throw error;
    }
  }
}
