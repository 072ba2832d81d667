// Duplicates and caps under concurrency in the real runtime (`wrangler dev`), where isolates keep
// API keys and flows for a few seconds: the flow's gate still decides every lead exactly once.

export async function intakeRaceChecks({ check, assert, send, admin }) {
  const made = await send("/admin/tenants", { key: admin, body: { name: "Races", plan: "enterprise" } });
  const key = made.json.api_key;
  const flow = async (settings) => (await send("/api/v1/flows", { key, body: { name: "Races", settings } })).json;
  const submit = (flowId, lead) => send(`/api/v1/flows/${flowId}/leads`, { key, body: { lead } });

  await check("intake races: 20 concurrent copies of one lead make one accepted lead and 19 duplicates", async () => {
    const { id } = await flow({});
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(id, { email: "same@races.example", first_name: "Same" })));
    const statuses = answers.map((a) => a.json?.status ?? a.status);
    assert(statuses.filter((s) => s === "accepted").length === 1, `accepted: ${JSON.stringify(statuses)}`);
    assert(
      answers.filter((a) => a.json?.reason === "duplicate_detected").length === 19,
      `duplicates: ${answers.map((a) => a.json?.reason)}`,
    );
  });

  await check("intake races: a daily cap of 5 lets exactly 5 of 20 concurrent leads in", async () => {
    const { id } = await flow({ volume_cap: { daily_limit: 5, hourly_limit: null } });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(id, { email: `cap${i}@races.example` })));
    const accepted = answers.filter((a) => a.json?.status === "accepted");
    assert(accepted.length === 5, `accepted ${accepted.length}: ${answers.map((a) => a.json?.reason ?? a.status)}`);
    const read = await Promise.all(accepted.map((a) => send(`/api/v1/leads/${a.json.id}`, { key })));
    assert(
      read.every((r) => r.status === 200),
      `read back: ${read.map((r) => r.status)}`,
    );
  });
}
