import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
      EMPTY_DB: D1Database;
    }
  }
}

// The real migrations from migrations/, applied to the test D1 before any suite runs (idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
