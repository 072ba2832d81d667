// The sequence checks of the smoke suite, under wrangler dev with SEQUENCE_TIME_SCALE shortening
// every wait by configuration: the seed's generated sequence saved as a draft, filled in,
// activated; a lead posted through a form enrolled by the trigger; its first email received by a
// real SMTP server; its open pixel fetched; the enrollment taking the "opened" branch and sending
// the second email.
import PostalMime from "postal-mime";
import { startSmtpSink } from "./email.mjs";

const DOMAIN = "smoke-sequence.example";
const PROMPT = "A 5-email cold outreach sequence for B2B SaaS targeting CTOs. Include follow-ups based on email engagement.";

/**
 * @param {{ check: Function, assert: (c: unknown, m: string) => void, send: Function, url: (path: string) => string,
 *   waitFor: Function, admin: string }} suite
 */
export async function sequenceChecks({ check, assert, send, url, waitFor, admin }) {
  const sink = await startSmtpSink();
  try {
    await check("sequences: generate, save as a draft, fill in, activate, enroll from a form post, branch on a real open", async () => {
      const tenant = await send("/admin/tenants", { key: admin, body: { name: "Sequence smoke", plan: "enterprise" } });
      const key = tenant.json.api_key;
      await send("/api/v1/account", { key, method: "PATCH", body: { sending_domains: [DOMAIN] } });
      const sender = await send("/api/v1/senders", {
        key,
        body: {
          name: "Maya Chen",
          from_email: `maya@${DOMAIN}`,
          transport: "smtp",
          smtp: { host: "127.0.0.1", port: sink.port, security: "none", username: "smoke", password: "smoke-password" },
        },
      });
      assert(sender.status === 201, `sender: ${sender.status} ${sender.text}`);
      const flow = await send("/api/v1/flows", { key, body: { name: "Sequence smoke" } });
      const form = await send("/api/v1/forms", { key, body: { flow_id: flow.json.id, name: "Demo request" } });

      const generated = await send("/v1/campaigns/ai/generate-sequence", {
        key,
        body: { prompt: PROMPT, industry: "B2B SaaS", tone: "professional and friendly", emailCount: "5" },
      });
      const saved = await send("/v1/workflows", { key, body: generated.json.data });
      assert(saved.status === 201 && saved.json.data.status === "draft", `save: ${saved.status} ${saved.text}`);
      const id = saved.json.data.id;
      const refused = await send(`/v1/workflows/${id}/activate`, { key, method: "POST" });
      assert(refused.status === 400, `a draft with problems activated: ${refused.status} ${refused.text}`);

      // Fill in: the generated trigger, first email, first wait and first condition, the trigger
      // on the form, bodies and the sender on the emails, a second email on "yes" and an end on "no".
      const nodes = saved.json.data.nodes;
      const pick = (type) => nodes.find((n) => n.type === type);
      const [trigger, first, wait, condition] = [pick("trigger"), pick("email"), pick("wait"), pick("condition")];
      assert(trigger && first && wait && condition, `generated graph lacks a node type: ${nodes.map((n) => n.type)}`);
      const body = (text) => `Hi {{lead.first_name}}, ${text}`;
      const graph = {
        nodes: [
          { ...trigger, data: { ...trigger.data, triggerType: "form_submitted", formId: form.json.id } },
          { ...first, data: { ...first.data, body: body("a quick question."), senderId: sender.json.id } },
          { ...wait, data: { ...wait.data, duration: 2, durationUnit: "days" } },
          { ...condition, data: { ...condition.data, conditionField: "email_opened", emailNodeId: first.nodeId } },
          {
            nodeId: "email-yes",
            type: "email",
            position: { x: 0, y: 0 },
            data: { subjectLine: "Glad you read it", body: body("thanks for reading."), senderId: sender.json.id },
          },
          { nodeId: "end-no", type: "action", position: { x: 0, y: 0 }, data: { actionType: "end" } },
        ],
        edges: [
          { edgeId: "e-1", source: trigger.nodeId, target: first.nodeId },
          { edgeId: "e-2", source: first.nodeId, target: wait.nodeId },
          { edgeId: "e-3", source: wait.nodeId, target: condition.nodeId },
          { edgeId: "e-4", source: condition.nodeId, target: "email-yes", sourceHandle: "yes" },
          { edgeId: "e-5", source: condition.nodeId, target: "end-no", sourceHandle: "no" },
        ],
      };
      const filled = await send(`/v1/workflows/${id}`, { key, method: "PATCH", body: graph });
      assert(filled.status === 200 && filled.json.data.problems.length === 0, `fill in: ${filled.text}`);
      const active = await send(`/v1/workflows/${id}/activate`, { key, method: "POST" });
      assert(active.status === 200 && active.json.data.version.version === 1, `activate: ${active.text}`);

      const posted = await fetch(url(`/f/${form.json.id}`), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: "first_name=Ada&email=ada%40globex-seq.example",
      });
      assert(posted.status === 201, `form post: ${posted.status}`);
      const firstMail = await waitFor(async () => sink.received[0], 60_000);
      assert(firstMail, "the first email did not reach the SMTP server within 60 s");
      const parsed = await PostalMime.parse(firstMail.raw);
      assert(parsed.text?.startsWith("Hi Ada, a quick question."), `first email: ${parsed.text}`);
      const pixel = /src="(http:\/\/[^"]+\/t\/o\/[^"]+)"/.exec(parsed.html ?? "")?.[1];
      assert(pixel, "no open pixel in the first email");
      assert((await fetch(pixel)).status === 200, "pixel");

      const secondMail = await waitFor(async () => sink.received[1], 90_000);
      assert(secondMail, "the second email did not arrive within 90 s of the open");
      assert((await PostalMime.parse(secondMail.raw)).subject === "Glad you read it", "second email subject");
      const list = await send(`/v1/workflows/${id}/enrollments`, { key });
      const enrollment = await waitFor(async () => {
        const view = await send(`/v1/enrollments/${list.json.data[0].id}`, { key });
        return view.json.data.status === "completed" ? view.json.data : null;
      }, 30_000);
      assert(enrollment, "the enrollment did not complete");
      const cond = enrollment.path.find((p) => p.node_id === condition.nodeId);
      assert(enrollment.source === "form_submitted" && cond?.outcome?.startsWith("yes"), `path: ${JSON.stringify(enrollment.path)}`);
      const stats = await send(`/v1/workflows/${id}/stats`, { key });
      assert(stats.json.data.enrolled === 1 && stats.json.data.emails.opened === 1, `stats: ${stats.text}`);
    });
  } finally {
    await sink.close();
  }
}
