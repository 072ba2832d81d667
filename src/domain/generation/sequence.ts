import { z } from "zod";
import { askModel } from "../../platform/language-model";
import type { Ctx } from "../context";
import { checkedAnswer, checkSequence, type GenerationProvenance } from "./answer-checks";
import { SEQUENCE_PROMPT } from "./prompts";
import { audienceOf, countOf, firstSentence, mentions, titleCase } from "./words";

export interface SequenceRequest {
  prompt: string;
  industry?: string;
  tone?: string;
  emailCount?: string;
}

const Position = z.object({ x: z.number(), y: z.number() });
export const SequenceNode = z.object({
  nodeId: z.string().min(1).max(64),
  type: z.enum(["trigger", "email", "wait", "condition", "action"]),
  position: Position,
  data: z.record(z.string(), z.unknown()),
});
export const SequenceEdge = z.object({
  edgeId: z.string().min(1).max(64),
  source: z.string(),
  target: z.string(),
  sourceHandle: z.enum(["yes", "no"]).optional(),
});
export const Sequence = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(1000),
  nodes: z.array(SequenceNode).min(2).max(200),
  edges: z.array(SequenceEdge).max(400),
});
export type Sequence = z.infer<typeof Sequence>;

/**
 * A sequence: the configured model's graph when it passes POST /v1/workflows' validator (repaired
 * where it can be), else the template's, with the rule broken in the provenance. The
 * template has exactly the emails asked for (`emailCount`, or "a 7-email …" in the prompt), a
 * wait after each, an engagement check after the first and a reply check at the end.
 */
export async function generateSequence(
  ctx: Ctx,
  request: SequenceRequest,
): Promise<{ sequence: Sequence; provenance: GenerationProvenance }> {
  const emails = countOf(request.emailCount, request.prompt, "email", 5, [1, 12]);
  const answer = await askModel(ctx, {
    system: SEQUENCE_PROMPT,
    input: { task: "generate_sequence", ...request, emails },
    answer: Sequence,
    maxTokens: 4000,
  });
  const { value, provenance } = checkedAnswer(answer, checkSequence);
  return { sequence: value ?? sequenceTemplate(request, emails), provenance };
}

// Merge fields as POST /api/v1/messages merges them: a lead without a first name reads "Hi there,",
// and the formal greeting gives its own word, since "Dear there," would not read.
const OPENERS: Record<string, string[]> = {
  casual: ["Hey {{lead.first_name}},", "Hi {{lead.first_name}} —"],
  formal: ['Dear {{lead.first_name | "colleague"}},', 'Dear {{lead.first_name | "colleague"}},'],
  default: ["Hi {{lead.first_name}},", "Hello {{lead.first_name}},"],
};

function toneOf(tone: string | undefined): keyof typeof OPENERS {
  if (!tone) return "default";
  if (mentions(tone, "casual", "playful", "relaxed")) return "casual";
  if (mentions(tone, "formal", "corporate")) return "formal";
  return "default";
}

const SUBJECTS = [
  "Quick question about {topic}",
  "Following up: {topic}",
  "How {peers} handle {topic}",
  "A short case study for {audience}",
  "Worth a 15-minute call?",
  "One idea for your team",
  "Closing the loop on {topic}",
];

export function sequenceTemplate(request: SequenceRequest, emails: number): Sequence {
  const audience = audienceOf(request.prompt) ?? "your team";
  const industry = request.industry ?? "your industry";
  const topic = mentions(request.prompt, "onboarding")
    ? "onboarding"
    : mentions(request.prompt, "webinar")
      ? "the webinar"
      : mentions(request.prompt, "demo")
        ? "a product demo"
        : `${industry} growth`;
  const [opener, closer] = OPENERS[toneOf(request.tone)]!;
  const fill = (s: string) =>
    s.replaceAll("{topic}", topic).replaceAll("{audience}", audience).replaceAll("{peers}", `other ${industry} teams`);
  const nodes: Sequence["nodes"] = [
    { nodeId: "trigger-1", type: "trigger", position: { x: 300, y: 50 }, data: { label: "Manual Trigger", triggerType: "manual" } },
  ];
  const edges: Sequence["edges"] = [];
  let y = 50;
  let previous = "trigger-1";
  let handle: "yes" | undefined;
  const link = (target: string, sourceHandle?: "yes" | "no", from = previous) =>
    edges.push({ edgeId: `e-${edges.length + 1}`, source: from, target, ...(sourceHandle ? { sourceHandle } : {}) });
  const add = (node: Sequence["nodes"][number]) => {
    nodes.push(node);
    link(node.nodeId, handle);
    handle = undefined;
    previous = node.nodeId;
  };
  for (let i = 1; i <= emails; i++) {
    y += 150;
    const subject = fill(SUBJECTS[(i - 1) % SUBJECTS.length]!);
    const body = [
      (i === 1 ? opener : closer)!,
      i === 1
        ? `I work with ${audience} in ${industry} and noticed a pattern worth sharing about ${topic}.`
        : `Following up on my earlier note about ${topic}, in case it got buried.`,
      `Teams like yours usually want fewer manual steps and clearer results; this is email ${i} of ${emails} in a short series built around that.`,
      i === emails ? "If now is not the right time, just say so and I will close the loop." : "Would a short call next week be useful?",
      "Best,\n{{sender.name}}",
    ].join("\n\n");
    add({
      nodeId: `email-${i}`,
      type: "email",
      position: { x: 300, y },
      data: { label: i === 1 ? "Introduction Email" : `Follow-up ${i - 1}`, subjectLine: subject, body },
    });
    y += 150;
    const days = i === 1 ? 2 : 3;
    add({
      nodeId: `wait-${i}`,
      type: "wait",
      position: { x: 300, y },
      data: { label: `Wait ${days} days`, duration: days, durationUnit: "days" },
    });
    if (i === 1 && emails > 1) {
      y += 150;
      add({
        nodeId: "cond-1",
        type: "condition",
        position: { x: 300, y },
        data: { label: "Email opened?", conditionField: "email_opened" },
      });
      nodes.push({
        nodeId: "action-nurture",
        type: "action",
        position: { x: 550, y: y + 150 },
        data: { label: "Tag for nurture", actionType: "add_tag", tag: "nurture" },
      });
      link("action-nurture", "no");
      handle = "yes";
    }
  }
  y += 150;
  add({ nodeId: "cond-2", type: "condition", position: { x: 300, y }, data: { label: "Replied?", conditionField: "email_replied" } });
  nodes.push({
    nodeId: "action-notify",
    type: "action",
    position: { x: 50, y: y + 150 },
    data: { label: "Notify sales", actionType: "notify_owner" },
  });
  link("action-notify", "yes");
  nodes.push({
    nodeId: "action-close",
    type: "action",
    position: { x: 550, y: y + 150 },
    // A tag, not a status: "unresponsive" is none of a tenant's default statuses, and a tag runs on every tenant.
    data: { label: "Tag as unresponsive", actionType: "add_tag", tag: "unresponsive" },
  });
  link("action-close", "no", "cond-2");
  const who = audienceOf(request.prompt);
  return {
    name: `${who ? titleCase(who.replace(/s$/, "")) : titleCase(industry)} Outreach Sequence`,
    description: firstSentence(request.prompt),
    nodes,
    edges,
  };
}
