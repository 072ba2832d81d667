import { describe, expect, it } from "vitest";
import { isPrivateAddress, refuseOutboundUrl } from "../../src/platform/outbound-url";

const production = { allowPrivate: false, requireHttps: true };
const development = { allowPrivate: true, requireHttps: false };
const staging = { allowPrivate: false, requireHttps: false };

describe("outbound URL policy", () => {
  it("requires https in production and allows http elsewhere", () => {
    expect(refuseOutboundUrl("http://hooks.example/x", production)).toBe("must use https");
    expect(refuseOutboundUrl("https://hooks.example/x", production)).toBeNull();
    expect(refuseOutboundUrl("http://hooks.example/x", staging)).toBeNull();
    expect(refuseOutboundUrl("ftp://hooks.example/x", staging)).toBe("must use http or https");
    expect(refuseOutboundUrl("https://user:pw@hooks.example/x", production)).toBe("must not carry credentials");
    expect(refuseOutboundUrl("not a url", production)).toBe("is not a URL");
  });

  it("refuses private, loopback, link-local, CGNAT and metadata destinations unless allowed", () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://10.0.0.1/",
      "https://172.16.5.4/",
      "https://192.168.1.1/",
      "https://169.254.169.254/",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://[::1]/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://[::ffff:10.0.0.1]/",
      "https://localhost/",
      "https://api.localhost/",
      "https://printer.local/",
      "https://svc.internal/",
      "https://metadata.google.internal/",
    ]) {
      expect([url, refuseOutboundUrl(url, production)]).toEqual([url, "points to a private, loopback or link-local address"]);
      expect(refuseOutboundUrl(url.replace("https", "http"), development)).toBeNull();
    }
    for (const url of ["https://8.8.8.8/", "https://172.32.0.1/", "https://[2606:4700::1111]/", "https://hooks.example/"])
      expect(refuseOutboundUrl(url, production)).toBeNull();
  });

  it("refuses a private host however it is spelt: a trailing dot, or an IPv4 address inside an IPv6 one", () => {
    for (const url of [
      "https://localhost./",
      "https://metadata.google.internal./",
      "https://svc.internal../",
      "https://[::127.0.0.1]/",
      "https://[::ffff:169.254.169.254]/",
      "https://[64:ff9b::a9fe:a9fe]/",
      "https://[64:ff9b:1::1]/",
      "https://[2002:a9fe:a9fe::]/",
      "https://[2002:7f00:1::1]/",
      "https://[2001:0:4136:e378::1]/",
      "https://[fec0::1]/",
      "https://[ff02::1]/",
      "https://[2001:db8::1]/",
    ]) {
      expect([url, refuseOutboundUrl(url, production)]).toEqual([url, "points to a private, loopback or link-local address"]);
    }
    for (const url of [
      "https://hooks.example./",
      "https://[64:ff9b::808:808]/",
      "https://[2002:808:808::1]/",
      "https://[::ffff:8.8.8.8]/",
      "https://[2a00:1450:4001::200e]/",
    ])
      expect([url, refuseOutboundUrl(url, production)]).toEqual([url, null]);
  });

  it("classifies addresses", () => {
    expect(isPrivateAddress("172.31.255.255")).toBe(true);
    expect(isPrivateAddress("172.32.0.0")).toBe(false);
    expect(isPrivateAddress("203.0.113.10")).toBe(false);
    expect(isPrivateAddress("::")).toBe(true);
    // DNS answers come unbracketed and in any spelling.
    expect(isPrivateAddress("0:0:0:0:0:ffff:a00:1")).toBe(true);
    expect(isPrivateAddress("fe80::1%eth0")).toBe(true);
    expect(isPrivateAddress("2606:4700:4700::1111")).toBe(false);
    expect(isPrivateAddress("not:an:address:::")).toBe(true);
  });
});
