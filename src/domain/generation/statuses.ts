import { z } from "zod";
import { askModel, type Provenance } from "../../platform/language-model";
import type { Ctx } from "../context";
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
  sortOrder: z.number().int().min(0),
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

// Steps a prompt may name, in pipeline order, with how they read as a lead status and a deal stage.
const STEPS: { words: string[]; code: string; name: string; description: string; color: string; stage?: boolean }[] = [
  { words: ["discover"], code: "discovery", name: "Discovery", description: "Initial qualification", color: "blue", stage: true },
  { words: ["qualif"], code: "qualified", name: "Qualified", description: "Meets qualification criteria", color: "green", stage: true },
  { words: ["demo"], code: "demo_scheduled", name: "Demo Scheduled", description: "Demo booked", color: "indigo", stage: true },
  { words: ["poc", "proof of concept", "pilot"], code: "poc", name: "POC", description: "Proof of concept", color: "indigo", stage: true },
  { words: ["trial"], code: "trial", name: "Trial", description: "Using a trial", color: "sky", stage: true },
  {
    words: ["proposal", "quote"],
    code: "proposal",
    name: "Proposal",
    description: "Commercial proposal sent",
    color: "violet",
    stage: true,
  },
  { words: ["negotiat"], code: "negotiation", name: "Negotiation", description: "Terms under discussion", color: "amber", stage: true },
  { words: ["contract", "legal"], code: "contract", name: "Contract", description: "Contract in review", color: "orange", stage: true },
];

/** Lead statuses: the model's when valid, else new and contacted, the steps the prompt names, won and lost. */
export async function generateStatuses(ctx: Ctx, prompt: string): Promise<{ statuses: GeneratedStatus[]; provenance: Provenance }> {
  const answer = await askModel(ctx, { system: STATUSES_PROMPT, input: { task: "generate_statuses", prompt }, answer: Statuses });
  if (answer.ok) return { statuses: answer.value.statuses, provenance: answer.provenance };
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
      { code: "won", name: "Won", description: "Converted to customer", color: "emerald", sortOrder: open.length + 1, isDefault: false },
      { code: "lost", name: "Lost", description: "Did not convert", color: "red", sortOrder: open.length + 2, isDefault: false },
    ],
    provenance: answer.provenance,
  };
}

/** Deal stages: the model's when valid, else the stages the prompt names with rising probabilities, then closed won and lost. */
export async function generateStages(ctx: Ctx, prompt: string): Promise<{ stages: GeneratedStage[]; provenance: Provenance }> {
  const answer = await askModel(ctx, { system: STAGES_PROMPT, input: { task: "generate_opportunity_stages", prompt }, answer: Stages });
  if (answer.ok) return { stages: answer.value.stages, provenance: answer.provenance };
  const named = STEPS.filter((s) => s.stage && s.words.some((w) => mentions(prompt, w)));
  const open = (
    named.length > 0 ? named : STEPS.filter((s) => ["discovery", "demo_scheduled", "proposal", "negotiation"].includes(s.code))
  ).map((s) => (s.code === "demo_scheduled" ? { ...s, code: "demo", name: "Demo", description: "Product demonstration" } : s));
  const stages = open.map((s, i) => ({
    code: s.code,
    name: s.name,
    description: s.description,
    color: s.color,
    sortOrder: i,
    isDefault: i === 0,
    isClosed: false,
    isWon: false,
    // From 10 % at the first open stage to 80 % at the last, in even steps.
    defaultProbability: open.length === 1 ? 10 : Math.round((10 + (70 * i) / (open.length - 1)) / 5) * 5,
  }));
  return {
    stages: [
      ...stages,
      {
        code: "closed_won",
        name: "Closed Won",
        description: "Deal won",
        color: "green",
        sortOrder: stages.length + 1,
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
        sortOrder: stages.length + 2,
        isDefault: false,
        isClosed: true,
        isWon: false,
        defaultProbability: 0,
      },
    ],
    provenance: answer.provenance,
  };
}
