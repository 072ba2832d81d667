// Plan quotas in the real runtime (`wrangler dev`), where the isolate leases quota tokens from the
// tenant's limiter: a burst still lets exactly the plan's number through, and usage agrees.

import { setTimeout as sleep } from "node:timers/promises";

export async function quotaChecks({ check, assert, send, admin }) {
  await check("quotas: 105 concurrent starter requests let exactly the burst of 100 through", async () => {
    const made = await send("/admin/tenants", { key: admin, body: { name: "Quotas", plan: "starter" } });
    const key = made.json.api_key;
    // The burst window is a UTC minute: keep the burst clear of its turn.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await sleep(60_500 - intoMinute);
    const answers = await Promise.all(Array.from({ length: 105 }, () => send("/api/v1/account", { key })));
    const statuses = answers.map((a) => a.status);
    assert(statuses.filter((s) => s === 200).length === 100, `200s: ${statuses.filter((s) => s === 200).length}`);
    assert(statuses.filter((s) => s === 429).length === 5, `429s: ${statuses.filter((s) => s === 429).length}`);
    const remaining = answers.filter((a) => a.status === 200).map((a) => Number(a.headers.get("X-RateLimit-Remaining")));
    assert(
      Math.min(...remaining) === 0 && Math.max(...remaining) <= 99,
      `remaining from ${Math.min(...remaining)} to ${Math.max(...remaining)}`,
    );
  });
}
