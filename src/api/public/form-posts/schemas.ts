import { z } from "@hono/zod-openapi";
import type { FormPostResult } from "../../../domain/forms/receive-post";
import type { ApiError } from "../../../platform/errors";
import { escapeHtml } from "../../../platform/html";

export const FormParams = z.object({
  form_id: z
    .string()
    .max(64)
    .openapi({
      param: { name: "form_id", in: "path" },
      description: "The form's publishable key",
      example: "pk_01jd0x5v7k2m3n4p5q6r7s8t9v",
    }),
});
export const Fields = z
  .record(z.string(), z.any())
  .openapi("FormFields", { example: { first_name: "Ada", email: "ada@example.com", phone: "+1 650 253 0000" } });

export const FormPostReceipt = z
  .object({ status: z.literal("received"), lead_id: z.string().optional(), lead_status: z.string().optional() })
  .openapi("FormPostReceipt");
export const ThankYouPage = z.string();
export const RefusalPage = z.string().openapi({ description: "A page that says why, for a browser's form post" });

export function renderReceipt(result: FormPostResult): z.infer<typeof FormPostReceipt> {
  return result.kind === "submitted" ? { status: "received", lead_id: result.leadId, lead_status: result.status } : { status: "received" };
}

/** Whether the caller wants JSON answers rather than pages: a JSON body, or Accept: application/json. */
export function wantsJson(contentType: string | undefined, accept: string | undefined): boolean {
  return (contentType ?? "").includes("json") || (accept ?? "").includes("application/json");
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  return origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
}

function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title>` +
    "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}</style>" +
    `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  );
}

export const thankYouPage = () => page("Thank you", "<p>We have your details and will be in touch.</p>");

/** What a visitor whose browser posted the form reads when the entry is refused: the reason, and what to do next. */
export function refusalPage(error: ApiError): string {
  const reason = `<p>${escapeHtml(error.message)}</p>`;
  if (error.status === 429) return page("Please wait a minute", `${reason}<p>Then go back and send the form again.</p>`);
  if (error.status === 404) return page("This form is closed", `${reason}<p>The page you came from may be out of date.</p>`);
  if (error.status === 403) return page("This form cannot take your entry", `${reason}<p>Send it from the page the form is on.</p>`);
  const items = error.issues.map((i) => `<li>${escapeHtml(i.field)}: ${escapeHtml(i.message)}</li>`).join("");
  return page("Please check your entry", `${reason}${items ? `<ul>${items}</ul>` : ""}<p>Go back to correct it and send it again.</p>`);
}
