import type { RecordedLead } from "./record";
import type { BatchOutcome } from "./submit";

/** Why a recorded lead was refused, as its `rejected` event tells; every field absent when it was not refused. */
export interface Rejection {
  reason?: string;
  rule?: string;
  message?: string;
  duplicateOf?: string;
}

export function rejectionOf(recorded: RecordedLead): Rejection {
  const rejected = recorded.events.find((e) => e.type === "rejected");
  if (!rejected) return {};
  const data = rejected.data ?? {};
  return {
    reason: rejected.reason ?? undefined,
    rule: typeof data.rule === "string" ? data.rule : undefined,
    message: typeof data.message === "string" ? data.message : undefined,
    duplicateOf: typeof data.duplicate_of === "string" ? data.duplicate_of : undefined,
  };
}

/** A batch's tally: a lead succeeds when it is accepted; one left unprocessed is neither a success nor a failure. */
export function tallyBatch(outcomes: BatchOutcome[]) {
  const successful = outcomes.filter((o) => o.kind === "recorded" && o.recorded.lead.status === "accepted").length;
  const notProcessed = outcomes.filter((o) => o.kind === "not_processed").length;
  return { total: outcomes.length, successful, failed: outcomes.length - successful - notProcessed, notProcessed };
}
