import { describe, expect, it } from "vitest";
import { count } from "../../support/db";
import { call, createFlow, createTenant } from "../../support/http";

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe("dispatching a burst of leads' events", () => {
  it("hands on every event of 30 concurrent leads: what is written during a dispatch goes out when it ends", async () => {
    const t = await createTenant("enterprise");
    const flow = await createFlow(t.liveKey);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(`/api/v1/flows/${flow.id}/leads`, { key: t.liveKey, body: { lead: { email: `burst${i}@acme.example` } } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(30).fill(201));
    expect(await count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ?", t.id)).toBe(60);
    const undispatched = () => count("SELECT COUNT(*) n FROM outbox_events WHERE tenant_id = ? AND dispatched_at IS NULL", t.id);
    expect(await eventually(async () => (await undispatched()) === 0)).toBe(true);
  });
});
