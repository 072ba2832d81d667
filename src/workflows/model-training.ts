import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../db/schema";
import { type TrainingTarget, trainAndRecord } from "../domain/scoring/models";
import type { Database } from "../platform/context";

// Training is deterministic and idempotent (it rewrites the same model row), so a retry is safe.
const TRAIN_STEP = { retries: { limit: 1, delay: "30 seconds", backoff: "constant" }, timeout: "10 minutes" } as const;

/** Trains one tenant model off the request path and records whether it was promoted. */
export class ModelTrainingWorkflow extends WorkflowEntrypoint<Env, TrainingTarget> {
  override async run(event: Readonly<WorkflowEvent<TrainingTarget>>, step: WorkflowStep) {
    return step.do("train and evaluate", TRAIN_STEP, () =>
      trainAndRecord({ db: drizzle(this.env.DB, { schema }) as Database, env: this.env, now: new Date(), fetch: (i, init) => fetch(i, init), waitUntil: (t) => this.ctx.waitUntil(t) }, event.payload),
    );
  }
}
