import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FlowGate } from "../../src/objects/flow-gate";

const DAY_MS = 86_400_000;

const gateNamed = (name: string) => env.FLOW_GATE.get(env.FLOW_GATE.idFromName(name));

async function stored(stub: ReturnType<typeof gateNamed>) {
  return runInDurableObject(stub, async (_gate: FlowGate, state) => ({
    keys: state.storage.sql.exec("SELECT key, lead_id FROM duplicate_keys ORDER BY key").toArray(),
    meta: state.storage.sql.exec("SELECT name FROM meta ORDER BY name").toArray(),
    alarm: await state.storage.getAlarm(),
  }));
}

describe("the flow gate's cleanup", () => {
  it.each([
    [30, ["lead_new", "lead_newer"]],
    [45, ["lead_new", "lead_newer", "lead_old"]],
  ])(
    "sets one daily alarm, which keeps keys within the longest window (%i days): %o, and external ids; the next admission sets the next",
    async (longest, kept) => {
      const gate = gateNamed(`cleanup-${crypto.randomUUID()}`);
      const now = Date.now();
      await gate.admit([{ leadId: "lead_new", keys: ["email:new@acme.example"] }], 10, [], now);
      await gate.admit([{ leadId: "lead_crm", keys: ["external_id:crm-1"] }], 10, [], now - 400 * DAY_MS);
      const first = await stored(gate);
      expect(first.meta).toEqual([{ name: "alarm_at" }, { name: "window_days" }]);
      expect(first.alarm).toBe(now + DAY_MS);
      // Later admissions, a longer window among them, leave the alarm where it is.
      await gate.admit([{ leadId: "lead_old", keys: ["email:old@acme.example"] }], longest, [], now - 40 * DAY_MS);
      await gate.admit([{ leadId: "lead_newer", keys: ["email:newer@acme.example"] }], 10, [], now);
      expect((await stored(gate)).alarm).toBe(now + DAY_MS);

      expect(await runDurableObjectAlarm(gate)).toBe(true);
      const after = await stored(gate);
      // An external_id identifies its lead for good: its key outlives every window.
      expect(after.keys.map((k) => k.lead_id)).toEqual([...kept, "lead_crm"]);
      expect(after.meta).toEqual([{ name: "window_days" }]);
      expect(after.alarm).toBeNull();

      // The next admission sets the next alarm, from the state the alarm left behind.
      const later = now + 60_000;
      await gate.admit([{ leadId: "lead_next", keys: ["email:next@acme.example"] }], 10, [], later);
      const next = await stored(gate);
      expect(next.meta).toEqual([{ name: "alarm_at" }, { name: "window_days" }]);
      expect(next.alarm).toBe(later + DAY_MS);
    },
  );

  it("matches an external_id for good and a policy key only within the window", async () => {
    const gate = gateNamed(`window-${crypto.randomUUID()}`);
    const then = Date.now() - 2 * DAY_MS;
    await gate.admit([{ leadId: "lead_first", keys: ["external_id:ext-1", "email:a@acme.example"] }], 1, [], then);
    const { verdicts } = await gate.admit(
      [
        { leadId: "lead_again", keys: ["external_id:ext-1"] },
        { leadId: "lead_same_email", keys: ["email:a@acme.example"] },
      ],
      1,
      [],
      Date.now(),
    );
    expect(verdicts.map((v) => [v.admitted, v.duplicateOf, v.matchedKey])).toEqual([
      [false, "lead_first", "external_id:ext-1"],
      [true, null, null],
    ]);
  });
});
