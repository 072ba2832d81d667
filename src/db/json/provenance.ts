/** Where a generated text came from: the configured model, or the built-in templates. Stored beside the text. */
export type Provenance = { source: "model"; model: string } | { source: "template"; reason: string };
