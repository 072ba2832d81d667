import { describe, expect, it } from "vitest";
import type { DefinitionNode } from "../../src/db/json/sequences";
import { senderAfter } from "../../src/domain/sequences/nodes";
import { waitEnd } from "../../src/domain/sequences/waits";

const wait = (data: Record<string, unknown>): DefinitionNode => ({ nodeId: "wait-1", type: "wait", position: { x: 0, y: 0 }, data });
const weekdays9to5 = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5] };
// Friday 4 December 2026, 16:30 UTC = 17:30 in Berlin (UTC+1 in winter).
const friday = new Date("2026-12-04T16:30:00Z");

describe("a wait node's end", () => {
  it("ends at its exact time without a send window", () => {
    expect(waitEnd(wait({ duration: 2, durationUnit: "hours" }), friday, "Europe/Berlin", 1).toISOString()).toBe(
      "2026-12-04T18:30:00.000Z",
    );
  });

  it("moves to when the sender's window next opens in the lead's zone", () => {
    const end = waitEnd(wait({ duration: 2, durationUnit: "hours" }), friday, "Europe/Berlin", 1, weekdays9to5);
    expect(end.toISOString()).toBe("2026-12-07T08:00:00.000Z");
    // The same wait for a lead in New York (UTC-5) ends inside that window: 13:30 there on Friday.
    expect(waitEnd(wait({ duration: 2, durationUnit: "hours" }), friday, "America/New_York", 1, weekdays9to5).toISOString()).toBe(
      "2026-12-04T18:30:00.000Z",
    );
  });

  it("aligns an untilTime before the window opens to the opening, and business days too", () => {
    expect(waitEnd(wait({ untilTime: "07:00" }), friday, "UTC", 1, weekdays9to5).toISOString()).toBe("2026-12-07T09:00:00.000Z");
    // One business day from Friday 17:30 is Monday 17:30, after the window closes: Tuesday's opening.
    const evening = new Date("2026-12-04T17:30:00Z");
    expect(waitEnd(wait({ duration: 1, durationUnit: "business_days" }), evening, "UTC", 1, weekdays9to5).toISOString()).toBe(
      "2026-12-08T09:00:00.000Z",
    );
  });

  it("scales the aligned wait as a whole", () => {
    const aligned = Date.parse("2026-12-07T08:00:00Z") - friday.getTime();
    const end = waitEnd(wait({ duration: 2, durationUnit: "hours" }), friday, "Europe/Berlin", 0.001, weekdays9to5);
    expect(end.getTime()).toBe(friday.getTime() + aligned * 0.001);
  });
});

describe("the sender a wait aligns to", () => {
  const node = (nodeId: string, type: string, data: Record<string, unknown> = {}): DefinitionNode => ({
    nodeId,
    type,
    position: { x: 0, y: 0 },
    data,
  });
  const edge = (source: string, target: string) => ({ edgeId: `${source}-${target}`, source, target });
  const nodes = [
    node("email-1", "email", { senderId: "sender_first" }),
    node("wait-1", "wait"),
    node("cond-1", "condition"),
    node("action-1", "action"),
    node("email-2", "email", { senderId: "sender_near" }),
    node("email-3", "email", { senderId: "sender_far" }),
  ];
  const edges = [
    edge("email-1", "wait-1"),
    edge("wait-1", "cond-1"),
    edge("cond-1", "action-1"),
    edge("action-1", "email-3"),
    edge("cond-1", "email-2"),
  ];

  it("is the nearest email's after the wait", () => {
    expect(senderAfter("wait-1", nodes, edges)).toBe("sender_near");
  });

  it("is the graph's first email's when no email follows", () => {
    expect(senderAfter("email-3", nodes, edges)).toBe("sender_first");
  });
});
