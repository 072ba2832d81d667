import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { DefinitionNode } from "../db/json/sequences";
import { backgroundCtx } from "../domain/context";
import { runAction } from "../domain/sequences/actions";
import type { EnrollmentTarget } from "../domain/sequences/enrollments";
import { nextOf, senderAfter } from "../domain/sequences/nodes";
import { arrive, endRun, planCondition, planWait, type RunGraph, sendEmailNode, startRun } from "../domain/sequences/run";
import { MAX_CAP_ROUNDS } from "../domain/sequences/validate";
import { actingFor } from "../domain/tenancy/tenants";

// Each step reads the enrollment afresh and is safe to repeat (see domain/sequences/run.ts).
const STEP = { retries: { limit: 5, delay: "10 seconds", backoff: "exponential" }, timeout: "2 minutes" } as const;
/** How long a paused enrollment waits to be resumed before it is ended. */
const PAUSE_LIMIT = "365 days";
/** Steps this instance may still take are counted so that a long run ends cleanly before the platform's 1,024. */
const STEP_BUDGET = 1000;

/** One enrollment: walks its sequence version's graph from the trigger, node by node. */
export class SequenceRunWorkflow extends WorkflowEntrypoint<Env, EnrollmentTarget> {
  override async run(event: Readonly<WorkflowEvent<EnrollmentTarget>>, step: WorkflowStep) {
    const { enrollmentId } = event.payload;
    const ctx = () =>
      actingFor(
        backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
        event.payload,
      );
    let steps = 0;
    const counted = <T>(run: Promise<T>) => {
      steps++;
      return run;
    };
    // As JSON text: node data is any JSON, which the step result's type cannot say.
    const loaded = await counted(step.do("start", STEP, async () => JSON.stringify(await startRun(await ctx(), enrollmentId))));
    const graph = JSON.parse(loaded) as RunGraph | null;
    if (!graph) return { status: "stopped" as const };
    const byId = new Map<string, DefinitionNode>(graph.nodes.map((n) => [n.nodeId, n]));
    let nodeId = graph.firstNodeId;
    let outcome: string | null = "triggered";
    for (let i = 0; nodeId; i++) {
      const node = byId.get(nodeId)!;
      if (steps > STEP_BUDGET - 5) {
        await step.do("end: step limit", STEP, async () => endRun(await ctx(), enrollmentId, { status: "exited", reason: "step_limit" }));
        return { status: "exited" as const, reason: "step_limit" };
      }
      const arrival = await counted(step.do(`${i} arrive ${nodeId}`, STEP, async () => arrive(await ctx(), enrollmentId, node, outcome)));
      if (arrival.kind === "stopped") return { status: "stopped" as const };
      if (arrival.kind === "paused") {
        try {
          await counted(step.waitForEvent(`${i} paused at ${nodeId}`, { type: "resume", timeout: PAUSE_LIMIT }));
        } catch {
          await step.do(`${i} end: paused too long`, STEP, async () =>
            endRun(await ctx(), enrollmentId, { status: "exited", reason: "paused_too_long" }),
          );
          return { status: "exited" as const, reason: "paused_too_long" };
        }
        i++;
        const again = await counted(step.do(`${i} arrive ${nodeId}`, STEP, async () => arrive(await ctx(), enrollmentId, node, outcome)));
        if (again.kind !== "go") {
          // Paused again at once, or cancelled: the next round of the loop sees which.
          if (again.kind === "stopped") return { status: "stopped" as const };
          continue;
        }
      }
      let branch: "yes" | "no" | undefined;
      switch (node.type) {
        case "email": {
          let sent = false;
          for (let round = 0; round < MAX_CAP_ROUNDS && !sent; round++) {
            const result = await counted(
              step.do(`${i} email ${nodeId} ${round}`, STEP, async () => sendEmailNode(await ctx(), enrollmentId, node)),
            );
            if (result.kind === "exited") return { status: "exited" as const, reason: result.reason };
            if (result.kind === "capped") await counted(step.sleepUntil(`${i} capped ${nodeId} ${round}`, new Date(result.until)));
            else {
              sent = true;
              outcome = `sent ${result.messageId}`;
            }
          }
          if (!sent) {
            await step.do(`${i} end: capped`, STEP, async () =>
              endRun(await ctx(), enrollmentId, { status: "exited", reason: "frequency_cap" }),
            );
            return { status: "exited" as const, reason: "frequency_cap" };
          }
          break;
        }
        case "wait": {
          const until = await counted(
            step.do(`${i} plan wait ${nodeId}`, STEP, async () =>
              planWait(await ctx(), enrollmentId, node, senderAfter(node.nodeId, graph.nodes, graph.edges)),
            ),
          );
          await counted(step.sleepUntil(`${i} wait ${nodeId}`, new Date(until)));
          outcome = "waited";
          break;
        }
        case "condition": {
          const plan = await counted(step.do(`${i} check ${nodeId}`, STEP, async () => planCondition(await ctx(), enrollmentId, node)));
          if (plan.kind === "decided") {
            branch = plan.branch;
            outcome = `${plan.branch}: ${plan.why}`;
          } else {
            try {
              await counted(step.waitForEvent(`${i} await ${nodeId}`, { type: plan.eventType, timeout: plan.timeoutMs }));
              branch = "yes";
              outcome = "yes: event";
            } catch {
              branch = "no";
              outcome = "no: timed out";
            }
          }
          break;
        }
        case "action": {
          const result = await counted(step.do(`${i} action ${nodeId}`, STEP, async () => runAction(await ctx(), enrollmentId, node)));
          outcome = result.outcome;
          if (result.end) nodeId = null;
          break;
        }
      }
      if (nodeId) nodeId = nextOf(graph.edges, nodeId, branch);
    }
    const last = outcome;
    await step.do("complete", STEP, async () => endRun(await ctx(), enrollmentId, { status: "completed", outcome: last }));
    return { status: "completed" as const };
  }
}
