import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { LeadGenerationCommand } from "../db/schema";
import type { TenantCtx } from "../domain/context";
import { backgroundCtx } from "../domain/context";
import { analyze } from "../domain/lead-generation/analysis";
import { type CommandTarget, commandsAhead, failCommand, getCommand } from "../domain/lead-generation/commands";
import { deliver } from "../domain/lead-generation/delivery";
import { enrich } from "../domain/lead-generation/enrichment";
import { rank } from "../domain/lead-generation/ranking";
import { research } from "../domain/lead-generation/research";
import { recordStage, type Stage, startStage } from "../domain/lead-generation/stages";
import { verify } from "../domain/lead-generation/verification";
import { actingFor } from "../domain/tenancy/tenants";

const STEP = { retries: { limit: 3, delay: "5 seconds", backoff: "exponential" }, timeout: "5 minutes" } as const;
// A lower-priority command waits for the tenant's higher-priority ones, but not forever.
const TURN_CHECKS = 30;
const TURN_WAIT = "10 seconds";

/**
 * One lead generation command, stage by stage as the seed names them. Each stage is a durable
 * step that records its progress and how long it took; a cancelled command stops at the next
 * stage. Steps are deterministic over the pool, so a retried step finds what the first try found.
 */
export class LeadGenerationWorkflow extends WorkflowEntrypoint<Env, CommandTarget> {
  override async run(event: Readonly<WorkflowEvent<CommandTarget>>, step: WorkflowStep) {
    try {
      return await this.stages(event.payload, step);
    } catch (error) {
      // Every retry of a stage failed: the command fails visibly instead of staying "processing".
      const reason = error instanceof Error ? error.message : String(error);
      await step.do("record failure", STEP, async () =>
        failCommand(await this.tenantCtx(event.payload), event.payload.commandId, { code: "SYSTEM_ERROR", message: reason }),
      );
      throw error;
    }
  }

  private tenantCtx(target: CommandTarget): Promise<TenantCtx> {
    return actingFor(
      backgroundCtx(this.env, (task) => this.ctx.waitUntil(task)),
      target,
    );
  }

  private async stages(target: CommandTarget, step: WorkflowStep) {
    const ctx = () => this.tenantCtx(target);

    for (let check = 0; check < TURN_CHECKS; check++) {
      const ahead = await step.do(`turn ${check}`, STEP, async () => {
        const c = await ctx();
        return commandsAhead(c, await getCommand(c, target.commandId));
      });
      if (ahead === 0) break;
      await step.sleep(`wait for higher priority ${check}`, TURN_WAIT);
    }

    /** Runs a stage unless the command stopped processing; shows it as running, and records its progress when it ends. */
    type Outcome<T> = { stopped: LeadGenerationCommand["status"]; value?: undefined } | { stopped: null; value: T };
    // Step results are structured-cloned; the stage values are plain data (checked by the tests).
    const stage = async <T>(
      name: Stage,
      work: (
        c: TenantCtx,
        command: LeadGenerationCommand,
      ) => Promise<{ value: T; counts?: { leadsFound?: number; leadsVerified?: number } }>,
    ): Promise<Outcome<T>> => {
      // Its own step, so the status shows the stage as running through every retry of its work.
      await step.do(`start ${name}`, STEP, async () => startStage(await ctx(), target.commandId, name));
      // biome-ignore lint/suspicious/noExplicitAny: step.do wants a serializable type, which a generic T cannot show
      return step.do(name, STEP, async (): Promise<any> => {
        const c = await ctx();
        const command = await getCommand(c, target.commandId);
        if (command.status !== "processing") return { stopped: command.status } as const;
        const started = Date.now();
        const { value, counts } = await work(c, command);
        await recordStage(c, command.id, name, Date.now() - started, counts);
        return { stopped: null, value } as const;
      });
    };

    const analyzed = await stage("analysis", async (c, command) => ({ value: await analyze(c, command) }));
    if (analyzed.stopped) return { status: analyzed.stopped };
    const researched = await stage("research", async (c, command) => {
      const value = await research(c, command, analyzed.value.plan);
      return { value, counts: { leadsFound: value.found } };
    });
    if (researched.stopped) return { status: researched.stopped };
    const verified = await stage("verification", async (c) => {
      const value = await verify(c, researched.value.shortlist);
      return { value, counts: { leadsVerified: value.filter((v) => v.verification.verified).length } };
    });
    if (verified.stopped) return { status: verified.stopped };
    const ranked = await stage("scoring", async () => ({ value: rank(verified.value) }));
    if (ranked.stopped) return { status: ranked.stopped };
    const enriched = await stage("enrichment", async (c, command) => ({ value: await enrich(c, command, ranked.value) }));
    if (enriched.stopped) return { status: enriched.stopped };
    const delivered = await stage("delivery", async (c, command) => ({ value: await deliver(c, command, enriched.value) }));
    if (delivered.stopped || !delivered.value) return { status: delivered.stopped ?? "cancelled" };
    return { status: "completed", leads: delivered.value.total_leads };
  }
}
