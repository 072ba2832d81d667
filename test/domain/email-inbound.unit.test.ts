import { describe, expect, it } from "vitest";
import { replyText } from "../../src/domain/email/inbound";
import { deliveryFailure, feedbackType } from "../../src/domain/email/inbound-reports";

describe("replyText", () => {
  it("cuts at an attribution line that the client wrapped in two", () => {
    const text = "Sounds good.\n\nOn Tue, Dec 1, 2026 at 10:15 AM Maya Chen from Acme Corporation <\nmaya@acme.example> wrote:\n> Hi";
    expect(replyText(text)).toBe("Sounds good.");
  });

  it("cuts at Outlook's -----Original Message----- and drops quoted lines above it", () => {
    const text =
      "Yes please.\r\n> earlier line\r\nThanks\r\n\r\n-----Original Message-----\r\nFrom: Maya Chen <maya@acme.example>\r\nSent: Tuesday";
    expect(replyText(text)).toBe("Yes please.\nThanks");
  });

  it("keeps a line of the reply that only starts like a header, and truncates to 4000 characters", () => {
    expect(replyText("From: the sales team, we will call you.\nBest")).toBe("From: the sales team, we will call you.\nBest");
    expect(replyText("x".repeat(5000))).toHaveLength(4000);
  });
});

describe("deliveryFailure", () => {
  const report = (...recipients: string[]) => ["Reporting-MTA: dns; mx.acme.example", ...recipients].join("\n\n");

  it("reports the recipient that failed, not the one delivered before it", () => {
    const delivered = "Final-Recipient: rfc822; a@globex.example\nAction: delivered\nStatus: 2.0.0";
    const failed =
      "Final-Recipient: rfc822; b@globex.example\nAction: failed\nStatus: 5.2.2 (mailbox full)\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full";
    expect(deliveryFailure(report(delivered, failed))).toEqual({
      statusCode: "5.2.2",
      diagnostic: "552 5.2.2 Mailbox full",
      recipient: "b@globex.example",
    });
  });

  it("treats a delay as temporary whatever its status, reads a missing status from the diagnostic, and ignores success", () => {
    expect(deliveryFailure(report("Action: delayed\nStatus: 5.0.0"))).toEqual({ statusCode: "4.0.0", diagnostic: null, recipient: null });
    expect(deliveryFailure(report("Action: failed\nDiagnostic-Code: smtp; 550 5.7.1 Rejected"))).toEqual({
      statusCode: "5.7.1",
      diagnostic: "550 5.7.1 Rejected",
      recipient: null,
    });
    expect(deliveryFailure(report("Action: relayed\nStatus: 2.0.0"))).toBeNull();
  });
});

describe("feedbackType", () => {
  it("reads the report's Feedback-Type, lower-cased", () => {
    expect(feedbackType("Feedback-Type: Fraud\nUser-Agent: SomeGenerator/1.0\nVersion: 1")).toBe("fraud");
  });
});
