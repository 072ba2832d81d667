import { describe, expect, it } from "vitest";
import { allowlistCovers, ipAllowed, isValidAllowlistEntry } from "../../src/platform/ip-allowlist";

describe("IP allowlist entries", () => {
  it("accepts IPv4 addresses and CIDR ranges, and IPv6 addresses in any standard spelling", () => {
    for (const entry of [
      "0.0.0.0",
      "10.0.0.1",
      "255.255.255.255",
      "203.0.113.0/24",
      "10.0.0.0/0",
      "10.0.0.0/32",
      "::",
      "::1",
      "2001:db8::1",
      "2001:DB8::1",
      "2001:0db8:0000:0000:0000:0000:0000:0001",
      "1:2:3:4:5:6:7::",
      "::2:3:4:5:6:7:8",
      "::ffff:192.0.2.1",
      "1:2:3:4:5:6:192.0.2.1",
    ]) {
      expect([entry, isValidAllowlistEntry(entry)]).toEqual([entry, true]);
    }
  });

  it("refuses entries that could never match a request address", () => {
    for (const entry of [
      "",
      "cafe",
      "1",
      ":::",
      ":",
      "1:2",
      "010.000.000.001",
      "10.0.0.01",
      "256.0.0.1",
      "10.0.0",
      "10.0.0.0/33",
      "10.0.0.0/08",
      "10.0.0.0/",
      "10.0.0.0/24/8",
      "2001:db8::1/64",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7::8",
      "1:2:3:4:5:6:7",
      "2001:db8::12345",
      "2001:db8::g",
      "::ffff:192.0.2.256",
      "::192.0.2.1:1",
      "fe80::1%eth0",
    ]) {
      expect([entry, isValidAllowlistEntry(entry)]).toEqual([entry, false]);
    }
  });
});

describe("ipAllowed", () => {
  it("matches an IPv6 entry however either side spells the address", () => {
    const fullForm = ["2001:0db8:0000:0000:0000:0000:0000:0001"];
    expect(ipAllowed("2001:db8::1", fullForm)).toBe(true);
    expect(ipAllowed("2001:DB8:0:0::1", fullForm)).toBe(true);
    expect(ipAllowed("2001:db8::2", fullForm)).toBe(false);
    expect(ipAllowed("2001:0db8:0000:0000:0000:0000:0000:0001", ["2001:db8::1"])).toBe(true);
    expect(ipAllowed("::ffff:c000:201", ["::ffff:192.0.2.1"])).toBe(true);
  });

  it("takes an IPv4-mapped IPv6 address as the IPv4 address it maps, on either side", () => {
    expect(ipAllowed("192.0.2.1", ["::ffff:192.0.2.1"])).toBe(true);
    expect(ipAllowed("::ffff:192.0.2.1", ["192.0.2.0/24"])).toBe(true);
    expect(ipAllowed("::ffff:c000:201", ["192.0.2.1"])).toBe(true);
    expect(ipAllowed("192.0.2.2", ["::ffff:192.0.2.1"])).toBe(false);
    expect(ipAllowed("::192.0.2.1", ["192.0.2.1"])).toBe(false);
  });

  it("matches IPv4 addresses exactly or by range, and never through a malformed entry", () => {
    expect(ipAllowed("10.0.0.1", ["10.0.0.1"])).toBe(true);
    expect(ipAllowed("203.0.113.77", ["203.0.113.0/24"])).toBe(true);
    expect(ipAllowed("203.0.114.1", ["203.0.113.0/24"])).toBe(false);
    expect(ipAllowed("10.0.0.1", ["010.000.000.001", "cafe"])).toBe(false);
    expect(ipAllowed("not an address", ["10.0.0.0/8"])).toBe(false);
    expect(ipAllowed("10.0.0.0/8", ["10.0.0.0/8"])).toBe(false);
  });
});

describe("allowlistCovers", () => {
  it("holds when each inner entry lies within an outer one, comparing IPv6 in canonical form", () => {
    expect(allowlistCovers(["203.0.113.0/24"], ["203.0.113.128/25", "203.0.113.9"])).toBe(true);
    expect(allowlistCovers(["203.0.113.0/24"], ["203.0.113.0/16"])).toBe(false);
    expect(allowlistCovers(["2001:db8::1"], ["2001:0db8:0000:0000:0000:0000:0000:0001"])).toBe(true);
    expect(allowlistCovers(["2001:db8::1"], ["2001:db8::2"])).toBe(false);
    expect(allowlistCovers(["10.0.0.0/8"], ["2001:db8::1"])).toBe(false);
  });
});
