// What a resolved playground prompt asks of a draft, read by rules, so that the draft written
// without a model still follows the prompt: its tone, its length and its call to action. Two
// prompts that say different things give different drafts, and prompt_version_hash means something.

export type Tone = "formal" | "casual" | "neutral";

export interface Directives {
  tone: Tone;
  /** The most words the body may have, or null when the prompt sets no limit. */
  maxWords: number | null;
  /** The sentence the draft ends on, or null when the prompt names no call to action. */
  callToAction: string | null;
}

const FORMAL = /\b(formal|professional|corporate|respectful|polite)\b/i;
const CASUAL = /\b(casual|friendly|relaxed|conversational|informal|playful|warm)\b/i;

function toneOf(prompt: string): Tone {
  // A prompt may name both ("professional and friendly"): the first named wins.
  const formal = prompt.search(FORMAL);
  const casual = prompt.search(CASUAL);
  if (formal < 0 && casual < 0) return "neutral";
  if (casual < 0) return "formal";
  if (formal < 0) return "casual";
  return formal < casual ? "formal" : "casual";
}

function maxWordsOf(prompt: string): number | null {
  const limit = prompt.match(/\b(?:under|at most|no more than|fewer than|less than|max(?:imum)?(?: of)?|up to)\s+(\d{2,4})\s+words\b/i);
  if (limit) return Number(limit[1]);
  const fewer = prompt.match(/\b(\d{2,4})\s+words\s+(?:or (?:fewer|less)|max(?:imum)?)\b/i);
  if (fewer) return Number(fewer[1]);
  if (/\b(very short|very brief|one paragraph|two sentences)\b/i.test(prompt)) return 50;
  if (/\b(short|brief|concise|succinct)\b/i.test(prompt)) return 90;
  return null;
}

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/[.;,]+$/, "");
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
};

function callToActionOf(prompt: string): string | null {
  const named = prompt.match(/\b(?:call to action|cta)\s*(?::|is|should be|=)\s*["“]?([^"”\n.]+(?:\.[a-z]{2,}[^"”\n.]*)*)["”]?/i);
  if (named) return `${sentence(named[1]!)}${/[?!]$/.test(named[1]!.trim()) ? "" : "."}`;
  const ask = prompt.match(
    /\b(?:end|close|finish)(?: the email)?(?: by| with)? asking (?:them |the lead |the reader )?(?:for|to) ([^.\n;]+)/i,
  );
  const plain = prompt.match(/\bask (?:them |the lead |the reader |the prospect )?(for|to) ([^.\n;]+)/i);
  if (ask) return `Would you be open to ${ask[1]!.trim().replace(/[.;,]+$/, "")}?`;
  if (plain)
    return plain[1]!.toLowerCase() === "for"
      ? `Would you be open to ${plain[2]!.trim().replace(/[.;,]+$/, "")}?`
      : `Could you ${plain[2]!.trim().replace(/[.;,]+$/, "")}?`;
  const invite = prompt.match(/\b(?:end|close|finish)(?: the email)? with (?:an? )?(?:invitation|invite|link) to ([^.\n;]+)/i);
  if (invite) return `${sentence(`I would love to invite you to ${invite[1]!}`)}.`;
  return null;
}

/** The directives a prompt gives, or neutral ones when it gives none. */
export function directivesOf(prompt: string): Directives {
  return { tone: toneOf(prompt), maxWords: maxWordsOf(prompt), callToAction: callToActionOf(prompt) };
}

const GREETINGS: Record<Tone, string | null> = { formal: "Dear", casual: "Hey", neutral: null };
const CLOSINGS: Record<Tone, string | null> = { formal: "Kind regards,", casual: "Cheers,", neutral: null };

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

const SIGN_OFF = /^(best|regards|kind regards|best regards|warm regards|thanks|thank you|cheers|sincerely)\b[^\n]*/i;

/**
 * A template draft's body made to follow the directives: the greeting and closing in the tone,
 * the call to action just before the sign-off, and the last sentences between the greeting and the
 * sign-off dropped until the body fits the word limit. The greeting line, the call
 * to action and the sign-off (a short last paragraph, or the one holding the signature) stay.
 */
export function applyDirectives(body: string, directives: Directives, signature: string | null): string {
  const paragraphs = body.split(/\n{2,}/);
  const greeting = GREETINGS[directives.tone];
  if (greeting && paragraphs[0]) paragraphs[0] = paragraphs[0].replace(/^(hi|hello|hey|dear|good (?:morning|afternoon))\b/i, greeting);
  const signed = signature ? paragraphs.findIndex((p) => p.includes(signature)) : -1;
  const last = paragraphs.length > 1 ? paragraphs.at(-1)! : "";
  const shortSignOff = last !== "" && words(last) <= 6 && !/[.?!]$/.test(last.trim());
  const from = signed >= 0 ? signed : shortSignOff ? paragraphs.length - 1 : paragraphs.length;
  const signOff = paragraphs.splice(from);
  const closing = CLOSINGS[directives.tone];
  if (closing && signOff[0] && SIGN_OFF.test(signOff[0])) signOff[0] = signOff[0].replace(SIGN_OFF, closing);
  else if (closing) signOff.unshift(closing);
  const tail = [...(directives.callToAction ? [directives.callToAction] : []), ...signOff];
  const [head = "", ...middle] = paragraphs;
  const fixed = words(head) + words(tail.join(" "));
  // Over the limit: the last sentences of the middle go first (an emptied paragraph goes with them).
  const limit = directives.maxWords;
  if (limit !== null) {
    const sentences = middle.map((p) => p.match(/[^.!?]+(?:[.!?]+|$)/g)?.map((x) => x.trim()) ?? [p]);
    const total = () => fixed + words(sentences.flat().join(" "));
    while (total() > limit && sentences.flat().length > 1) {
      const last = sentences.findLastIndex((p) => p.length > 0);
      sentences[last]!.pop();
    }
    middle.splice(0, middle.length, ...sentences.map((p) => p.join(" ")));
  }
  return [head, ...middle, ...tail].filter((p) => p.trim() !== "").join("\n\n");
}
