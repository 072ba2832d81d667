import { describe, expect, it } from "vitest";
import { visitorKey } from "../../src/platform/visitor-key";

describe("visitorKey", () => {
  it("keeps an IPv4 address and keys an IPv6 one on its /64, however it is written", () => {
    expect(visitorKey("198.51.100.7")).toBe("198.51.100.7");
    expect(visitorKey("2001:DB8:0:1::5")).toBe("2001:db8:0:1::/64");
    expect(visitorKey("2001:db8:0:1:ffff:ffff:ffff:ffff")).toBe("2001:db8:0:1::/64");
  });

  it("keys an IPv4-mapped IPv6 address on its IPv4 address, not on the shared ::ffff prefix", () => {
    expect(visitorKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(visitorKey("::ffff:c633:6408")).toBe("198.51.100.8");
  });
});
