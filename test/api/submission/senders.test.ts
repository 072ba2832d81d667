import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { configOf } from "../../../src/platform/config";
import { open } from "../../../src/platform/secret-box";
import { createSender } from "../../support/email";
import { call, createTenant } from "../../support/http";

const SMTP = { host: "smtp.postmarkapp.com", port: 587, security: "starttls", username: "apikey" };

describe("/api/v1/senders", () => {
  it("keeps an SMTP password sealed and never shows it; a change without it keeps it", async () => {
    const t = await createTenant();
    const sender = await createSender(t.liveKey, { transport: "smtp", smtp: { ...SMTP, password: "s3cret-smtp-pass" } });
    expect(sender).toMatchObject({ transport: "smtp", smtp: { ...SMTP, password: "••••••" } });
    const row = await env.DB.prepare("SELECT * FROM senders WHERE id = ?").bind(sender.id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain("s3cret-smtp-pass");
    expect(await open(configOf(env).email.secret!, "smtp-password", row!.smtp_password!)).toBe("s3cret-smtp-pass");

    const renamed = await call(`/api/v1/senders/${sender.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { smtp: { ...SMTP, port: 2525 } },
    });
    expect(renamed.json.smtp).toEqual({ ...SMTP, port: 2525, password: "••••••" });
    const cleared = await call(`/api/v1/senders/${sender.id}`, {
      key: t.liveKey,
      method: "PATCH",
      body: { smtp: { ...SMTP, password: null } },
    });
    expect(cleared.json.smtp.password).toBeNull();
    expect(JSON.stringify((await call(`/api/v1/senders`, { key: t.liveKey })).json)).not.toContain("s3cret");
  });

  it("refuses an unknown time zone, a window that ends before it starts and an undeclared domain, naming the field", async () => {
    const t = await createTenant();
    await createSender(t.liveKey);
    const post = (body: Record<string, unknown>) =>
      call("/api/v1/senders", { key: t.liveKey, body: { name: "M", from_email: "m@acme.example", ...body } });
    expect((await post({ time_zone: "Mars/Olympus" })).json.error.details[0]).toMatchObject({
      field: "time_zone",
      code: "unknown_time_zone",
    });
    expect((await post({ send_window: { days: [1], start: "18:00", end: "08:00" } })).json.error.details[0].field).toBe("send_window.end");
    expect((await post({ send_window: { days: [8], start: "08:00", end: "18:00" } })).status).toBe(400);
    expect((await post({ from_email: "m@other.example" })).json.error.details[0]).toMatchObject({
      field: "from_email",
      code: "domain_not_declared",
    });
    const account = await call("/api/v1/account", { key: t.liveKey });
    expect(account.json.tenant.sending_domains).toEqual(["acme.example"]);
    expect((await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["not a domain"] } })).status).toBe(
      400,
    );
  });

  it("refuses a test-mode key's change to sending_domains, which both modes share, and leaves the list as it was", async () => {
    const t = await createTenant();
    await call("/api/v1/account", { key: t.liveKey, method: "PATCH", body: { sending_domains: ["acme.example"] } });
    const refused = await call("/api/v1/account", { key: t.testKey, method: "PATCH", body: { sending_domains: ["evil.example"] } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.details[0]).toMatchObject({ field: "sending_domains", code: "live_mode_required" });
    expect((await call("/api/v1/account", { key: t.testKey })).json.tenant.sending_domains).toEqual(["acme.example"]);
  });
});
