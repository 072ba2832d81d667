/** Where a generated text came from: the configured model, or the built-in templates (and why). */
export type Provenance = { source: "model"; model: string } | { source: "template"; reason: string };
