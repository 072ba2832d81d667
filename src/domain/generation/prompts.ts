// The system prompts the AI generators send to the model.

/** A landing page: its sections, SEO, style and HTML body. */
export const LANDING_PAGE_PROMPT =
  `You design landing pages. Answer with name, description, slug (kebab-case), sections (sectionId, type — ` +
  `hero, features, speaker, agenda, testimonials, pricing, faq, form, cta — label, visible, order, content ` +
  `with heading, text and items), seo (title under 60 characters, metaDescription under 160), style ` +
  `(primaryColor and backgroundColor as #rrggbb, fontFamily) and content: the page body as simple semantic ` +
  `HTML (no scripts, no inline event handlers, no styles) in the page's classes: each section a ` +
  `<section class="section section-{type}">, the hero's title an <h1> with a <p class="lead"> and an ` +
  `<a class="button" href="#form">, features as <ul class="cards"> of <li class="card">. Every page that ` +
  `collects leads has one "form" section, which the server renders. Invent no people, quotes, prices or ` +
  `figures: a speaker, testimonial, pricing or FAQ section appears only with content the request gives.`;

/** An email sequence as a Workflow Definition graph. */
export const SEQUENCE_PROMPT =
  `You design B2B email sequences as a node/edge graph (the Workflow Definition format). Nodes: one ` +
  `"trigger" (data: label, triggerType "manual"), "email" (data: label, subjectLine, body — plain text, ` +
  `60-150 words, the given tone; personalise only with {{lead.first_name}}, {{lead.company}} and ` +
  `{{sender.name}}), "wait" (data: label, duration, durationUnit "hours"|"days"), "condition" ` +
  `(data: label, conditionField such as "email_opened" or "email_replied"; exactly two outgoing edges with ` +
  `sourceHandle "yes" and "no"), "action" (data: label, actionType). Every node reachable from the trigger, ` +
  `no cycles, every non-condition node at most one outgoing edge. Positions: x 300 on the main path ` +
  `(branches at x 50 or 550), y growing by 150. Node ids like "email-1"; edge ids "e-1"...`;

/** The lead statuses of a sales pipeline. */
export const STATUSES_PROMPT =
  `You define the lead statuses of a sales pipeline for the business described. Answer {"statuses":[{code ` +
  `(snake_case), name, description, color (a Tailwind colour name), sortOrder, isDefault}]}: the first is ` +
  `the default, the last two are "won" and "lost".`;

/** The opportunity (deal) stages of a sales process. */
export const STAGES_PROMPT =
  `You define the opportunity (deal) stages of the sales process described. Answer {"stages":[{code ` +
  `(snake_case), name, description, color, sortOrder, isDefault, isClosed, isWon, defaultProbability ` +
  `(0-100, rising through the open stages)}]}: the first is the default, the last two are closed: ` +
  `"closed_won" (isWon, 100) and "closed_lost" (0).`;
