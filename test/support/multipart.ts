// multipart/form-data encoded by hand, as a browser puts it on the wire, so that a test can also
// break it on purpose (FormData would always encode it well).

const BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

/** Ways a multipart body goes wrong on the wire; "none" is a well-formed one. */
export const MULTIPART_DAMAGE = ["none", "no closing boundary", "other boundary", "no boundary parameter", "headers only"] as const;
export type MultipartDamage = (typeof MULTIPART_DAMAGE)[number];

/** The fields as a multipart/form-data body and the Content-Type it goes with, damaged as asked. */
export function multipartBody(fields: Record<string, string>, damage: MultipartDamage = "none"): { body: string; type: string } {
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replaceAll('"', "%22")}"\r\n\r\n${value}\r\n`,
  );
  const type =
    damage === "no boundary parameter"
      ? "multipart/form-data"
      : `multipart/form-data; boundary=${damage === "other boundary" ? "elsewhere" : BOUNDARY}`;
  if (damage === "headers only") return { body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="email"\r\n`, type };
  return { body: parts.join("") + (damage === "no closing boundary" ? "" : `--${BOUNDARY}--\r\n`), type };
}
