import OpenAI from "openai";
import { z } from "zod";
import type { Provenance } from "../db/json/provenance";
import { type ConfigSource, configOf } from "./config";
import { guardedFetcher, OutboundRefused } from "./guarded-fetch";

// Defined with the JSON columns that store it (drafts, lead generation commands); every generator answers one.
export type { Provenance };

export interface ModelRequest<T> {
  /** What the model is: its instructions. */
  system: string;
  /** The task's input, sent as JSON; `task` names it (the fake provider in tests answers by it). */
  input: { task: string } & Record<string, unknown>;
  /** The JSON object the answer must be; sent as the structured-output schema, and checked. */
  answer: z.ZodType<T>;
  /** Names the schema for the provider (letters, digits, underscores). */
  answerName?: string;
  maxTokens?: number;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type ModelAnswer<T> =
  | { ok: true; value: T; provenance: Extract<Provenance, { source: "model" }>; usage: TokenUsage | null }
  | { ok: false; provenance: Extract<Provenance, { source: "template" }> };

/** A chat completion is a few KB; a provider that sends more is not read. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export const modelConfigured = (env: ConfigSource) => configOf(env).model.apiKey !== null;

/**
 * Asks the configured OpenAI-compatible model for a JSON object, with the zod schema of the answer
 * as its structured-output JSON schema. Never throws: without a key, on a timeout, an error status
 * (after the SDK's one retry of 429s, 5xx and dropped connections) or an answer that is not the
 * object asked for, it says why, and the caller answers from its templates. An answer that is not
 * valid JSON, or not of the schema, is asked for once more with the reason.
 */
export async function askModel<T>(ctx: { env: ConfigSource; fetch: typeof fetch }, request: ModelRequest<T>): Promise<ModelAnswer<T>> {
  const { apiKey, name: model, baseUrl, timeoutMs } = configOf(ctx.env).model;
  if (!apiKey) return { ok: false, provenance: { source: "template", reason: "no model configured" } };
  // A base URL of the deployment's choosing is checked like any outbound URL at each call; OpenAI's
  // own host is not resolved first. Either way no redirect is followed and the answer is bounded.
  // The SDK's own timeout decides (it names it); the guard's is a backstop a second later.
  const fetch = guardedFetcher(ctx, { timeoutMs: timeoutMs + 1_000, maxBytes: MAX_ANSWER_BYTES, fixedHost: baseUrl === null });
  const client = new OpenAI({ apiKey, baseURL: baseUrl ?? undefined, fetch, timeout: timeoutMs, maxRetries: 1 });
  const schema = z.toJSONSchema(request.answer, { target: "draft-7", io: "input" }) as Record<string, unknown>;
  const format = { type: "json_schema" as const, json_schema: { name: request.answerName ?? request.input.task, schema, strict: false } };
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    { role: "system", content: `${request.system}\nAnswer with one JSON object and nothing else.` },
    { role: "user", content: JSON.stringify(request.input) },
  ];
  let reason = "";
  let usage = null as TokenUsage | null;
  for (let attempt = 1; attempt <= 2; attempt++) {
    let content: string;
    try {
      const completion = await client.chat.completions.create({
        model,
        messages,
        response_format: format,
        max_tokens: request.maxTokens ?? 1200,
        temperature: 0.4,
      });
      content = completion.choices[0]?.message?.content ?? "";
      const used = completion.usage;
      if (used)
        usage = {
          prompt_tokens: (usage?.prompt_tokens ?? 0) + used.prompt_tokens,
          completion_tokens: (usage?.completion_tokens ?? 0) + used.completion_tokens,
          total_tokens: (usage?.total_tokens ?? 0) + used.total_tokens,
        };
    } catch (error) {
      return { ok: false, provenance: { source: "template", reason: describeFailure(error, timeoutMs) } };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      reason = "the model's answer was not valid JSON";
      messages.push(
        { role: "assistant", content },
        { role: "user", content: "That was not valid JSON. Answer again with only the JSON object." },
      );
      continue;
    }
    const checked = request.answer.safeParse(parsed);
    if (checked.success) return { ok: true, value: checked.data, provenance: { source: "model", model }, usage };
    const issue = checked.error.issues[0];
    reason = `the model's answer did not fit: ${issue ? `${issue.path.join(".") || "answer"}: ${issue.message}` : "invalid"}`;
    messages.push(
      { role: "assistant", content },
      { role: "user", content: `That JSON does not fit the schema (${reason}). Answer again with only the corrected JSON object.` },
    );
  }
  return { ok: false, provenance: { source: "template", reason } };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return `the model did not answer within ${timeoutMs / 1000} s`;
  if (error instanceof OpenAI.APIError && error.status) return `the model provider answered ${error.status}`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof OutboundRefused) return `the model provider's ${cause.message}`;
  if (cause instanceof Error) return `the model could not be reached: ${cause.message}`;
  return `the model could not be reached: ${error instanceof Error ? error.message : String(error)}`;
}
