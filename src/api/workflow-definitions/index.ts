import * as definitions from "../../domain/workflow-definitions/definitions";
import { createRouter } from "../../platform/router";
import { tenantCtxOf } from "../context";
import * as routes from "./routes";
import { renderDefinition } from "./schemas";

export const workflowsRouter = createRouter()
  .openapi(routes.createDefinition, async (c) =>
    c.json({ success: true as const, data: renderDefinition(await definitions.createDefinition(tenantCtxOf(c), c.req.valid("json"))), message: "Workflow created" }, 201),
  )
  .openapi(routes.listDefinitions, async (c) => c.json({ success: true as const, data: (await definitions.listDefinitions(tenantCtxOf(c), c.req.valid("query"))).map(renderDefinition) }, 200))
  .openapi(routes.getDefinition, async (c) => c.json({ success: true as const, data: renderDefinition(await definitions.getDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id)) }, 200))
  .openapi(routes.updateDefinition, async (c) =>
    c.json({ success: true as const, data: renderDefinition(await definitions.updateDefinition(tenantCtxOf(c), c.req.valid("param").workflow_id, c.req.valid("json"))), message: "Workflow updated" }, 200),
  )
  .openapi(routes.deleteDefinition, async (c) => {
    const { workflow_id } = c.req.valid("param");
    await definitions.deleteDefinition(tenantCtxOf(c), workflow_id);
    return c.json({ success: true as const, data: { id: workflow_id, deleted: true as const }, message: "Workflow deleted" }, 200);
  });
