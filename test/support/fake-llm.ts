// A fake OpenAI-compatible provider (chat completions). The request's `model` picks the
// behaviour; the answer to a valid call follows from the task the user message names.

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; schema: { type?: string } } };
}

const completion = (content: string) =>
  Response.json({
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: "fake",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
    usage: { prompt_tokens: 120, completion_tokens: Math.ceil(content.length / 4), total_tokens: 120 + Math.ceil(content.length / 4) },
  });

/** What a model would answer to each task Leadedge asks of it. */
function answer(input: { task: string } & Record<string, any>): unknown {
  switch (input.task) {
    case "phrase_recommendations":
      return {
        leads: input.leads.map((lead: { id: string; category: string; factors: { feature: string }[] }) => ({
          id: lead.id,
          recommendations: [`Model: call this ${lead.category} lead about ${lead.factors[0]?.feature ?? "their needs"}`],
        })),
      };
    case "analyse_icp":
      return {
        industries: Object.fromEntries(input.industries.map((i: string) => [i, i === "manufacturing" ? ["metal fabrication"] : []])),
        roles: Object.fromEntries(input.roles.map((r: string) => [r, r === "CTO" ? ["Chief Architect"] : []])),
        interests: {},
        description: `Model: find ${input.count} ${input.roles.join(", ")} leads in ${input.industries.join(", ")}.`,
      };
    case "phrase_match_reasons":
      return {
        leads: input.leads.map((l: { email: string; title: string; company: string; reasons: string[] }) => ({
          email: l.email,
          summary: `Model: ${l.title} at ${l.company}, ${l.reasons.length} criteria met.`,
        })),
      };
    case "generate_sequence":
      return {
        name: "Model Sequence",
        description: `Model: ${input.prompt}`.slice(0, 200),
        nodes: [
          { nodeId: "trigger-1", type: "trigger", position: { x: 300, y: 50 }, data: { label: "Start", triggerType: "manual" } },
          {
            nodeId: "email-1",
            type: "email",
            position: { x: 300, y: 200 },
            data: { label: "Hello", subjectLine: "Model subject", body: "Model body." },
          },
          {
            nodeId: "wait-1",
            type: "wait",
            position: { x: 300, y: 350 },
            data: { label: "Wait 1 day", duration: 1, durationUnit: "days" },
          },
          { nodeId: "cond-1", type: "condition", position: { x: 300, y: 500 }, data: { label: "Opened?", conditionField: "email_opened" } },
          {
            nodeId: "email-2",
            type: "email",
            position: { x: 50, y: 650 },
            data: { label: "Follow-up", subjectLine: "Model follow-up", body: "Model body 2." },
          },
          {
            nodeId: "action-1",
            type: "action",
            position: { x: 550, y: 650 },
            data: { label: "Nurture", actionType: "add_tag", tag: "nurture" },
          },
        ],
        edges: [
          { edgeId: "e-1", source: "trigger-1", target: "email-1" },
          { edgeId: "e-2", source: "email-1", target: "wait-1" },
          { edgeId: "e-3", source: "wait-1", target: "cond-1" },
          { edgeId: "e-4", source: "cond-1", target: "email-2", sourceHandle: "yes" },
          { edgeId: "e-5", source: "cond-1", target: "action-1", sourceHandle: "no" },
        ],
      };
    case "generate_landing_page":
      return {
        name: "Model Page",
        description: "Model description",
        slug: "model-page",
        sections: [
          { sectionId: "hero-1", type: "hero", label: "Hero", visible: true, order: 0 },
          { sectionId: "form-1", type: "form", label: "Join", visible: true, order: 1 },
        ],
        seo: { title: "Model Page", metaDescription: "Model meta" },
        style: { primaryColor: "#112233", backgroundColor: "#ffffff", fontFamily: "Inter" },
        content: "<div><h1>Model Page</h1><script>alert(1)</script></div>",
      };
    case "generate_statuses":
      return {
        statuses: [
          { code: "fresh", name: "Fresh", description: "Model status", color: "blue", sortOrder: 0, isDefault: true },
          { code: "won", name: "Won", description: "Won", color: "green", sortOrder: 1, isDefault: false },
        ],
      };
    case "generate_opportunity_stages":
      return {
        stages: [
          {
            code: "talk",
            name: "Talk",
            description: "Model stage",
            color: "blue",
            sortOrder: 0,
            isDefault: true,
            isClosed: false,
            isWon: false,
            defaultProbability: 20,
          },
          {
            code: "closed_won",
            name: "Closed Won",
            description: "Won",
            color: "green",
            sortOrder: 1,
            isDefault: false,
            isClosed: true,
            isWon: true,
            defaultProbability: 100,
          },
        ],
      };
    case "write_draft":
      return {
        subject: `Model: ${input.lead.first_name ?? "there"}, a note for ${input.lead.company ?? "you"}`,
        body: `Model body for ${input.lead.email}. Step ${input.step.index}.`,
      };
    default:
      return { error: `the fake has no answer for task ${input.task}` };
  }
}

/**
 * Answers of the right shape that break the rules of the endpoint they are for: `repairable` ones
 * (a repeated code, two defaults, a won stage left open, an edge to a missing node, an unreachable
 * node), or ones no repair can save (a cycle; one status left once duplicates go).
 */
function ruleBreaking(input: { task: string } & Record<string, any>, repairable: boolean): unknown {
  const status = (code: string, isDefault: boolean) => ({ code, name: code, description: "", color: "blue", sortOrder: 0, isDefault });
  switch (input.task) {
    case "generate_statuses":
      return {
        statuses: repairable
          ? [status("new", true), status("new", false), status("won", true)]
          : [status("new", true), status("new", true)],
      };
    case "generate_opportunity_stages": {
      const talk = { ...status("talk", true), isClosed: false, isWon: false, defaultProbability: 20 };
      const won = { ...status("closed_won", true), isClosed: false, isWon: true, defaultProbability: 100 };
      return { stages: repairable ? [talk, won] : [talk, { ...talk, isDefault: false }] };
    }
    case "generate_sequence": {
      const valid = answer(input) as { nodes: any[]; edges: any[] };
      const edges = repairable
        ? [...valid.edges, { edgeId: "e-9", source: "action-1", target: "email-9" }]
        : [...valid.edges, { edgeId: "e-9", source: "email-2", target: "email-1" }];
      const orphan = {
        nodeId: "email-orphan",
        type: "email",
        position: { x: 0, y: 0 },
        data: { label: "Lost", subjectLine: "x", body: "y" },
      };
      return { ...valid, nodes: repairable ? [...valid.nodes, orphan] : valid.nodes, edges };
    }
    default:
      return answer(input);
  }
}

export async function fakeLlm(request: Request, url: URL): Promise<Response> {
  if (request.headers.get("Authorization") !== "Bearer sk-test") return Response.json({ error: { message: "bad key" } }, { status: 401 });
  if (request.method !== "POST" || !url.pathname.endsWith("/chat/completions")) return new Response("not found", { status: 404 });
  const body = (await request.json()) as ChatRequest;
  // Leadedge asks for structured output: the answer's JSON schema, derived from its zod schema.
  if (body.response_format?.type !== "json_schema" || body.response_format.json_schema?.schema?.type !== "object") {
    return Response.json({ error: { message: "response_format must be a json_schema with an object schema" } }, { status: 400 });
  }
  const input = JSON.parse(body.messages.find((m) => m.role === "user")!.content);
  switch (body.model) {
    case "fake-valid":
      return completion(JSON.stringify(answer(input)));
    case "fake-invalid-then-valid":
      return completion(body.messages.length > 2 ? JSON.stringify(answer(input)) : "Sure! Here are the leads: {leads: [");
    case "fake-always-invalid":
      return completion("I cannot answer in JSON today.");
    case "fake-rule-breaking":
      return completion(JSON.stringify(ruleBreaking(input, true)));
    case "fake-rule-broken":
      return completion(JSON.stringify(ruleBreaking(input, false)));
    case "fake-wrong-shape":
      return completion(JSON.stringify({ unexpected: true }));
    case "fake-500":
      return Response.json({ error: { message: "upstream exploded" } }, { status: 500 });
    case "fake-slow":
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return completion(JSON.stringify(answer(input)));
    default:
      return Response.json({ error: { message: `unknown model ${body.model}` } }, { status: 404 });
  }
}
