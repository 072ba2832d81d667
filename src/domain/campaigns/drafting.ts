import { z } from "zod";
import type { CampaignStep, Lead, Sender } from "../../db/schema";
import { askModel, type Provenance, type TokenUsage } from "../../platform/language-model";
import type { Ctx } from "../context";
import { mergeValues, renderTemplate } from "../email/merge-fields";
import { applyDirectives, directivesOf } from "./prompt-directives";

export interface DraftText {
  subject: string;
  body: string;
  provenance: Provenance;
  usage: TokenUsage | null;
}

const Answer = z.object({ subject: z.string().min(1).max(300), body: z.string().min(1).max(8000) });

/** An opening line from what is known of the lead: role, company, industry. */
function personalLine(lead: Record<string, string>): string {
  const role = lead.position ? `as ${/^[aeiou]/i.test(lead.position) ? "an" : "a"} ${lead.position}` : "";
  const at = lead.company ? `at ${lead.company}` : "";
  const industry = lead.industry ? `in ${lead.industry}` : "";
  const who = [role, at].filter(Boolean).join(" ");
  if (!who && !industry) return "";
  return `I imagine that ${who ? `${who} ` : ""}${industry ? `${industry} ` : ""}you see this first-hand.`.replace(/\s+/g, " ");
}

/**
 * One draft for one lead and step: the model's (with the resolved prompt as its instructions)
 * when it answers well, else the step's templates merged with the lead and sender fields and an
 * opening line about the lead's role, company and industry, in the tone, length and call to action
 * the prompt asks for (prompt-directives.ts).
 */
export async function writeDraft(
  ctx: Ctx,
  prompt: string,
  step: CampaignStep & { index: number },
  lead: Lead,
  sender: Sender | null,
): Promise<DraftText> {
  const fields = mergeValues(lead, sender);
  const answer = await askModel(ctx, {
    system: `${prompt}\nAnswer {"subject":"...","body":"..."}.`,
    input: {
      task: "write_draft",
      step: { index: step.index, channel: step.channel, subject: step.subject, body: step.body },
      lead: { ...fields.lead },
      sender: fields.sender,
    },
    answer: Answer,
  });
  if (answer.ok) return { ...answer.value, provenance: answer.provenance, usage: answer.usage };
  const body = renderTemplate(step.body, fields);
  const line = personalLine(fields.lead);
  const greeting = body.match(/^[^\n]*\n+/)?.[0] ?? "";
  const personalised = line ? `${greeting}${line}\n\n${body.slice(greeting.length)}` : body;
  const directed = applyDirectives(personalised, directivesOf(prompt), fields.sender.signature || null);
  const signed =
    fields.sender.signature && !directed.includes(fields.sender.signature) ? `${directed}\n\n${fields.sender.signature}` : directed;
  return { subject: renderTemplate(step.subject, fields), body: signed, provenance: answer.provenance, usage: null };
}
