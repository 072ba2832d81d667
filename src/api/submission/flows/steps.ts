import { z } from "@hono/zod-openapi";

const RecipientSettingsInput = z.object({
  url: z.url().max(2048),
  method: z.enum(["POST", "PUT"]).optional(),
  encoding: z.enum(["json", "form"]).optional(),
  headers: z.record(z.string(), z.string().max(2000)).optional(),
  field_mapping: z.record(z.string(), z.string().max(2000)).nullable().optional(),
  response: z
    .object({
      json_path: z.string().max(200).optional(),
      json_value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      text_match: z.string().max(200).optional(),
    })
    .optional(),
  max_consecutive_errors: z.number().int().min(1).max(100).optional(),
});

/** A step as a flow is created or updated with: its shape, and the checks its type puts on its settings. */
export const Step = z
  .object({
    id: z
      .string()
      .max(64)
      .optional()
      .openapi({
        description:
          "Unique within the flow; deliveries and recipient health are kept by it. A step sent without one keeps the id of " +
          "the flow's step of the same type and name, or gets step_NNN from its position (the next number no step holds or held).",
        example: "step_001",
      }),
    type: z.enum(["source", "enhancement", "recipient"]).openapi({ example: "source" }),
    name: z.string().trim().min(1).max(200).openapi({ example: "Website Form" }),
    position: z.number().int().min(1).optional().openapi({ example: 1 }),
    service: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: "Enhancement service: email_validator or phone_validator", example: "email_validator" }),
    settings: z
      .record(z.string(), z.unknown())
      .default({})
      .openapi({
        description:
          "Source steps: required_fields (names that must be present) and acceptance_criteria (a CEL " +
          "expression). Enhancement steps: check_deliverability (the configured mailbox provider, else the " +
          "domain's MX records over DNS), lookup_carrier (the configured carrier lookup) and require_valid " +
          "(reject leads that fail). Recipient steps (service http_post): url, " +
          "method, encoding (json or form), headers (secret: shown back masked), field_mapping ({target: " +
          '"{{lead.first_name}}"}), response ({json_path, json_value} or {text_match}) and ' +
          "max_consecutive_errors.",
        example: { required_fields: ["email", "phone"], acceptance_criteria: "lead.age >= 18" },
      }),
  })
  .superRefine((step, ctx) => {
    const required = step.settings.required_fields;
    if (required !== undefined && !(Array.isArray(required) && required.every((f) => typeof f === "string"))) {
      ctx.addIssue({ code: "custom", path: ["settings", "required_fields"], message: "required_fields must be a list of field names" });
    }
    if (step.type === "enhancement" && step.service !== "email_validator" && step.service !== "phone_validator") {
      ctx.addIssue({ code: "custom", path: ["service"], message: "Enhancement steps use service email_validator or phone_validator" });
    }
    if (step.type === "recipient") {
      if (step.service !== undefined && step.service !== "http_post")
        ctx.addIssue({ code: "custom", path: ["service"], message: "Recipient steps use service http_post" });
      const parsed = RecipientSettingsInput.safeParse(step.settings);
      for (const issue of parsed.error?.issues ?? [])
        ctx.addIssue({ code: "custom", path: ["settings", ...issue.path.map(String)], message: issue.message });
    }
  })
  .openapi("FlowStep");

/** A step as a flow shows it. */
export const StepSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  position: z.number(),
  service: z.string().optional(),
  settings: z.record(z.string(), z.unknown()),
});
