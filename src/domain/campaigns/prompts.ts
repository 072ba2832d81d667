import type { Campaign, CampaignStep, Sender } from "../../db/schema";

/** The built-in prompt, when neither the request, the campaign nor the sender has one. */
export const DEFAULT_PROMPT =
  "You write one personalised outreach email for a B2B lead. Keep the step's intent, subject and structure; " +
  "make the first lines about the lead's role, company and industry; be specific, brief (under 150 words) " +
  "and honest; no invented facts; plain text.";

export type PromptSource = "custom_prompt" | "campaign" | "sender" | "default";

/** The playground seed's chain: custom_prompt -> campaign.system_prompt -> sender.custom_prompt -> the default. */
export function resolvePrompt(
  customPrompt: string | null | undefined,
  campaign: Campaign,
  sender: Sender | null,
): { prompt: string; source: PromptSource } {
  if (customPrompt) return { prompt: customPrompt, source: "custom_prompt" };
  if (campaign.systemPrompt) return { prompt: campaign.systemPrompt, source: "campaign" };
  if (sender?.customPrompt) return { prompt: sender.customPrompt, source: "sender" };
  return { prompt: DEFAULT_PROMPT, source: "default" };
}

/**
 * The prompt version: SHA-256 (hex) of the UTF-8 JSON
 * `{"prompt":<resolved prompt>,"step_index":<n>,"channel":…,"subject":<template>,"body":<template>}`,
 * keys in that order. The same prompt and step template always give the same hash; changing
 * either (or the step) gives a new one, so drafts are made again.
 */
export async function promptVersionHash(prompt: string, stepIndex: number, step: CampaignStep): Promise<string> {
  const text = JSON.stringify({ prompt, step_index: stepIndex, channel: step.channel, subject: step.subject, body: step.body });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
