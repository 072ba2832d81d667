// What a landing-page prompt supplies beyond its nouns: the people, agenda, questions, quotes,
// prices and date it names. The template draws a section only from these, so a page never shows a
// speaker, a quote or a figure that nobody gave it.

export interface PromptCopy {
  speakers: { name: string; role?: string }[];
  agenda: { time?: string; title: string }[];
  faq: { question: string; answer: string }[];
  testimonials: { quote: string; author: string; role?: string }[];
  pricing: { name: string; price: string }[];
  features: { title: string }[];
  when: string | null;
}

const NAME = String.raw`[A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’.-]*)+`;
const personOf = (part: string) => {
  const m = part.trim().match(new RegExp(String.raw`^(${NAME})(?:\s*[,(—–-]\s*([^)]+?))?\)?$`, "u"));
  return m ? { name: m[1]!, ...(m[2] ? { role: m[2].trim() } : {}) } : null;
};
const listAfter = (prompt: string, label: string) => prompt.match(new RegExp(String.raw`\b${label}:\s*([^.]+(?:\.\d[^.]*)*)`, "i"))?.[1];
const splitList = (s: string) =>
  s
    .split(/\s*;\s*|,\s*(?:and\s+|then\s+)?|\s+then\s+|\s+and\s+/)
    .map((p) => p.trim())
    .filter(Boolean);

function speakersOf(prompt: string): PromptCopy["speakers"] {
  const listed = prompt.match(/\b(?:speakers?|hosts?|presenters?)(?:\s+(?:is|are)|:)\s+([^.]+)/i)?.[1];
  const by = prompt.match(
    new RegExp(String.raw`\b(?:[Hh]osted|[Pp]resented|[Ll]ed|[Rr]un) by\s+(${NAME}(?:\s*,\s*[^.;]+?)?)(?=\.|;|$)`, "u"),
  )?.[1];
  const source = listed ?? by;
  if (!source) return [];
  // "Jane Doe, VP Sales; Raj Patel, CTO" or "Jane Doe (VP Sales) and Raj Patel (CTO)".
  const parts = source.includes(";") || /\)\s+and\s+/.test(source) ? source.split(/\s*;\s*|(?<=\))\s+and\s+/) : [source];
  return parts.flatMap((p) => personOf(p) ?? []);
}

function agendaOf(prompt: string): PromptCopy["agenda"] {
  const source = listAfter(prompt, "agenda");
  if (!source) return [];
  return source
    .split(/\s*;\s*|,\s*(?:then\s+)?/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const m = item.match(/^(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)\s+(.+)$/i);
      const title = (m ? m[2]! : item).replace(/^\w/, (c) => c.toUpperCase());
      return m ? { time: m[1]!, title } : { title };
    });
}

function faqOf(prompt: string): PromptCopy["faq"] {
  const tail = prompt.match(/\b(?:faq|questions)[^:?]*:\s*([\s\S]+)$/i)?.[1];
  if (!tail) return [];
  return [...tail.matchAll(/([^?.!]+\?)\s*([^?]+?[.!])(?=\s|$)/g)].map((m) => ({ question: m[1]!.trim(), answer: m[2]!.trim() }));
}

function testimonialsOf(prompt: string): PromptCopy["testimonials"] {
  const quote = new RegExp(String.raw`[“"]([^”"]{8,300})[”"]\s*(?:[—–-]{1,2}|,?\s*said|,?\s*says)\s*(${NAME})(?:,\s*([^.;“"]+))?`, "gu");
  return [...prompt.matchAll(quote)].map((m) => ({ quote: m[1]!.trim(), author: m[2]!, ...(m[3] ? { role: m[3].trim() } : {}) }));
}

function pricingOf(prompt: string): PromptCopy["pricing"] {
  const plan =
    /\b([A-Z][\w+]*(?:\s[A-Z][\w+]*)?)(?:\s+plan)?\s*(?:at|:|[—–-])?\s*([$€£]\s?\d[\d,.]*\d?(?:\s*(?:\/|per\s)\s*(?:month|mo|year|yr|user|seat))?)/g;
  return [...prompt.matchAll(plan)].map((m) => ({ name: m[1]!, price: m[2]!.trim() }));
}

function whenOf(prompt: string): string | null {
  const m = prompt.match(
    /\bon\s+((?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)(?:\s+at\s+(\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?))?/,
  );
  return m ? (m[2] ? `${m[1]} at ${m[2].trim()}` : m[1]!) : null;
}

export function promptCopy(prompt: string): PromptCopy {
  const features = listAfter(prompt, "(?:features|benefits)");
  return {
    speakers: speakersOf(prompt),
    agenda: agendaOf(prompt),
    faq: faqOf(prompt),
    testimonials: testimonialsOf(prompt),
    pricing: pricingOf(prompt),
    features: features ? splitList(features).map((title) => ({ title: title.replace(/^\w/, (c) => c.toUpperCase()) })) : [],
    when: whenOf(prompt),
  };
}

/**
 * The hero's sub-headline from the prompt's first sentence: "A webinar registration page for a
 * product demo" becomes "Join us live for a product demo."; a sentence that is not a page
 * description is kept as written.
 */
export function subHeadlineOf(firstSentence: string, webinar: boolean): string {
  const topic = firstSentence
    .replace(/^(?:an?|the|our)\s+/i, "")
    .match(/^(?:[\w-]+\s+){0,3}?(?:landing\s+)?page\s+(?:for|about|promoting|to promote)\s+(.+)$/i)?.[1]
    ?.replace(/\s+(?:with|including|that|which)\s+.*$/i, "");
  if (!topic) return `${firstSentence}.`;
  return webinar ? `Join us live for ${topic}.` : `Discover ${topic}.`;
}
