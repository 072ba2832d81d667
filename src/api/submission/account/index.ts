import { PLAN_QUOTAS } from "../../../platform/plans";
import { createRouter } from "../../../platform/router";
import { getAccount } from "./routes";

export const accountRouter = createRouter().openapi(getAccount, (c) => {
  const { tenant, apiKey, testMode } = c.var.caller;
  return c.json(
    {
      tenant,
      api_key: apiKey,
      test_mode: testMode,
      quotas: PLAN_QUOTAS[tenant.plan].map(({ name, limit, seconds }) => ({ name, limit, seconds })),
    },
    200,
  );
});
