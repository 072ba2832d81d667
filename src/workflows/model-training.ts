import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { backgroundCtx } from "../domain/context";
import { type TrainingTarget, trainAndRecord } from "../domain/scoring/models";

// Training is deterministic and idempotent (it rewrites the same model row), so a retry is safe.
const TRAIN_STEP = { retries: { limit: 1, delay: "30 seconds", backoff: "constant" }, timeout: "10 minutes" } as const;

/** Trains one tenant model off the request path and records whether it was promoted. */
export class ModelTrainingWorkflow extends WorkflowEntrypoint<Env, TrainingTarget> {
  override async run(event: Readonly<WorkflowEvent<TrainingTarget>>, step: WorkflowStep) {
    return step.do("train and evaluate", TRAIN_STEP, () =>
      trainAndRecord(
        backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
        event.payload,
      ),
    );
  }
}
