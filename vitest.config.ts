import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { fakeProviders } from "./test/support/fake-providers.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ENVIRONMENT: "test",
            ADMIN_TOKEN: "test-admin-token",
            // Pinned, so a developer's .dev.vars (which allows private addresses) cannot change the tests.
            ALLOW_PRIVATE_WEBHOOKS: "false",
            TEST_MIGRATIONS: migrations,
            MAILBOX_VERIFY_URL: "https://mailbox.provider.test/verify",
            MAILBOX_VERIFY_TOKEN: "mailbox-token",
            CARRIER_LOOKUP_URL: "https://carrier.provider.test/lookup",
            TURNSTILE_SECRET: "turnstile-test-secret",
            // One line per request would bury the test output; test/platform/logging.test.ts turns it on.
            LOG_LEVEL: "warn",
          },
          // Outbound HTTP is faked here, at the fetch boundary: test/support/fake-providers.ts.
          outboundService: fakeProviders,
          // An empty database on which a test applies the migrations from scratch.
          d1Databases: ["EMPTY_DB"],
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      setupFiles: ["./test/support/apply-migrations.ts"],
      testTimeout: 30_000,
    },
  };
});
