import { z } from "zod";
import { askModel } from "../../platform/language-model";
import type { Ctx } from "../context";
import { checkedAnswer, checkStatusSet, type GenerationProvenance } from "./answer-checks";
import { STAGES_PROMPT, STATUSES_PROMPT } from "./prompts";
import { mentions } from "./words";

const Code = z
  .string()
  .regex(/^[a-z0-9_]+$/)
  .max(64);
export const GeneratedStatus = z.object({
  code: Code,
  name: z.string().min(1).max(100),
  description: z.string().max(500),
  color: z.string().max(32),
  // POST /v1/config/statuses' bound: what the generator answers posts there as it is.
  sortOrder: z.number().int().min(0).max(1000),
  isDefault: z.boolean(),
});
export const GeneratedStage = GeneratedStatus.extend({
  isClosed: z.boolean(),
  isWon: z.boolean(),
  defaultProbability: z.number().int().min(0).max(100),
});
const Statuses = z.object({ statuses: z.array(GeneratedStatus).min(2).max(20) });
const Stages = z.object({ stages: z.array(GeneratedStage).min(2).max(20) });
export type GeneratedStatus = z.infer<typeof GeneratedStatus>;
export type GeneratedStage = z.infer<typeof GeneratedStage>;

interface Step {
  words: string[];
  code: string;
  name: string;
  description: string;
  color: string;
  /** As a deal stage: how it reads (when not as a lead status) and its default probability. */
  stage?: { code?: string; name?: string; description?: string; color?: string; probability: number };
}

// Steps a prompt may name, in pipeline order, with how they read as a lead status and a deal stage
// (the seed's examples: a demo is "demo_scheduled" among statuses, "demo" at 25 % among stages).
const STEPS: Step[] = [
  {
    words: ["discover*"],
    code: "discovery",
    name: "Discovery",
    description: "Initial qualification",
    color: "blue",
    stage: { probability: 10 },
  },
  {
    words: ["qualif*"],
    code: "qualified",
    name: "Qualified",
    description: "Meets qualification criteria",
    color: "green",
    stage: { probability: 20 },
  },
  {
    words: ["demo"],
    code: "demo_scheduled",
    name: "Demo Scheduled",
    description: "Demo booked",
    color: "indigo",
    stage: { code: "demo", name: "Demo", description: "Product demonstration", color: "cyan", probability: 25 },
  },
  {
    words: ["poc", "proof of concept", "pilot"],
    code: "poc",
    name: "POC",
    description: "Proof of concept",
    color: "indigo",
    stage: { probability: 40 },
  },
  { words: ["trial"], code: "trial", name: "Trial", description: "Using a trial", color: "sky", stage: { probability: 45 } },
  {
    words: ["proposal", "quote"],
    code: "proposal",
    name: "Proposal",
    description: "Commercial proposal sent",
    color: "violet",
    stage: { probability: 60 },
  },
  {
    words: ["negotiat*"],
    code: "negotiation",
    name: "Negotiation",
    description: "Terms under discussion",
    color: "amber",
    stage: { probability: 80 },
  },
  {
    words: ["contract", "legal"],
    code: "contract",
    name: "Contract",
    description: "Contract in review",
    color: "orange",
    stage: { probability: 90 },
  },
];

// Closed statuses and stages come after the open ones, at sortOrder 5 and 6 as in the seed's examples
// (and the defaults), or right after them when there are more than five open ones.
const closedOrder = (open: number) => Math.max(5, open);

/**
 * Lead statuses: the model's when they pass POST /v1/config/statuses' rules (repaired where they
 * can be), else new and contacted, the steps the prompt names, won and lost.
 */
export async function generateStatuses(
  ctx: Ctx,
  prompt: string,
): Promise<{ statuses: GeneratedStatus[]; provenance: GenerationProvenance }> {
  const answer = await askModel(ctx, { system: STATUSES_PROMPT, input: { task: "generate_statuses", prompt }, answer: Statuses });
  const checked = checkedAnswer(answer, (value) => checkStatusSet("lead", value.statuses, "statuses"));
  if (checked.value) return { statuses: checked.value, provenance: checked.provenance };
  const named = STEPS.filter((s) => s.words.some((w) => mentions(prompt, w)));
  const middle = named.length > 0 ? named : [STEPS[1]!];
  const list = [
    { code: "new", name: "New", description: "Freshly created lead", color: "blue" },
    { code: "contacted", name: "Contacted", description: "Initial outreach made", color: "cyan" },
    ...middle.filter((s) => s.code !== "discovery").map(({ code, name, description, color }) => ({ code, name, description, color })),
  ];
  const open = list.map((s, i) => ({ ...s, sortOrder: i, isDefault: i === 0 }));
  return {
    statuses: [
      ...open,
      {
        code: "won",
        name: "Won",
        description: "Converted to customer",
        color: "emerald",
        sortOrder: closedOrder(open.length),
        isDefault: false,
      },
      {
        code: "lost",
        name: "Lost",
        description: "Did not convert",
        color: "red",
        sortOrder: closedOrder(open.length) + 1,
        isDefault: false,
      },
    ],
    provenance: checked.provenance,
  };
}

/**
 * Deal stages: the model's when they pass POST /v1/config/statuses' rules (repaired where they can
 * be), else the stages the prompt names in pipeline order, each with its usual probability (the
 * seed's discovery 10, demo 25, POC 40, proposal 60), then closed won and lost.
 */
export async function generateStages(ctx: Ctx, prompt: string): Promise<{ stages: GeneratedStage[]; provenance: GenerationProvenance }> {
  const answer = await askModel(ctx, { system: STAGES_PROMPT, input: { task: "generate_opportunity_stages", prompt }, answer: Stages });
  const checked = checkedAnswer(answer, (value) => checkStatusSet("opportunity", value.stages, "stages"));
  if (checked.value) return { stages: checked.value, provenance: checked.provenance };
  const named = STEPS.filter((s) => s.stage && s.words.some((w) => mentions(prompt, w)));
  const open = named.length > 0 ? named : STEPS.filter((s) => ["discovery", "demo_scheduled", "proposal", "negotiation"].includes(s.code));
  const stages = open.map((s, i) => ({
    code: s.stage?.code ?? s.code,
    name: s.stage?.name ?? s.name,
    description: s.stage?.description ?? s.description,
    color: s.stage?.color ?? s.color,
    sortOrder: i,
    isDefault: i === 0,
    isClosed: false,
    isWon: false,
    defaultProbability: s.stage!.probability,
  }));
  return {
    stages: [
      ...stages,
      {
        code: "closed_won",
        name: "Closed Won",
        description: "Deal won",
        color: "green",
        sortOrder: closedOrder(stages.length),
        isDefault: false,
        isClosed: true,
        isWon: true,
        defaultProbability: 100,
      },
      {
        code: "closed_lost",
        name: "Closed Lost",
        description: "Deal lost",
        color: "red",
        sortOrder: closedOrder(stages.length) + 1,
        isDefault: false,
        isClosed: true,
        isWon: false,
        defaultProbability: 0,
      },
    ],
    provenance: checked.provenance,
  };
}
