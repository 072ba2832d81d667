// The machine-readable parts of the reports mail servers send back: a delivery status notification
// (RFC 3464: a bounce or a delay) and an abuse feedback report (RFC 5965: a complaint). Both are
// `Name: value` fields, folded like headers, in blocks separated by blank lines.

/** One block of fields, names lower-cased, continuation lines joined to their field. */
type Fields = Map<string, string>;

function fieldBlocks(text: string): Fields[] {
  const blocks: Fields[] = [];
  let block: Fields = new Map();
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") {
      if (block.size > 0) blocks.push(block);
      block = new Map();
      last = null;
    } else if (/^\s/.test(line) && last) {
      block.set(last, `${block.get(last)} ${line.trim()}`);
    } else {
      const field = /^([\w-]+)\s*:\s*(.*)$/.exec(line);
      if (!field) continue;
      last = field[1]!.toLowerCase();
      block.set(last, field[2]!.trim());
    }
  }
  if (block.size > 0) blocks.push(block);
  return blocks;
}

export interface DeliveryFailure {
  /** The RFC 3463 status, e.g. `5.1.1`; a `4.x.x` one is a delay the reporting server still retries. */
  statusCode: string;
  /** What the receiving server said, without its type prefix (`smtp; `); null when the report does not say. */
  diagnostic: string | null;
  /** The address that failed (Final-Recipient), lower case; null when the report does not say. */
  recipient: string | null;
}

const STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;

/**
 * The failure a delivery status notification reports: its first recipient that `failed`, else its
 * first that was `delayed`. Null for a report of anything else (a success notification).
 */
export function deliveryFailure(deliveryStatus: string): DeliveryFailure | null {
  // The first block is about the message; each later one is about one recipient.
  const recipients = fieldBlocks(deliveryStatus).filter((fields) => fields.has("action"));
  const action = (fields: Fields) => fields.get("action")!.toLowerCase();
  const recipient = recipients.find((fields) => action(fields) === "failed") ?? recipients.find((fields) => action(fields) === "delayed");
  if (!recipient) return null;
  const diagnostic = recipient.get("diagnostic-code")?.replace(/^[\w-]+\s*;\s*/, "") || null;
  const status = STATUS.exec(recipient.get("status") ?? "")?.[1] ?? STATUS.exec(diagnostic ?? "")?.[1];
  // A delay is temporary whatever status the server gave it; a failure without one is permanent.
  const statusCode = action(recipient) === "delayed" ? (status?.startsWith("4") ? status : "4.0.0") : (status ?? "5.0.0");
  const recipientAddress =
    recipient
      .get("final-recipient")
      ?.replace(/^[\w-]+\s*;\s*/, "")
      .trim()
      .toLowerCase() || null;
  return { statusCode, diagnostic, recipient: recipientAddress };
}

/** A feedback report's Feedback-Type (`abuse`, `fraud`, `virus`, `other`, …), lower-cased; `abuse` when it does not say. */
export function feedbackType(feedbackReport: string): string {
  const type = fieldBlocks(feedbackReport)
    .map((fields) => fields.get("feedback-type"))
    .find(Boolean);
  return type?.toLowerCase() ?? "abuse";
}

/** The address a feedback report says got the reported message (Original-Rcpt-To), lower case; null when it does not say. */
export function feedbackRecipient(feedbackReport: string): string | null {
  const address = fieldBlocks(feedbackReport)
    .map((fields) => fields.get("original-rcpt-to"))
    .find(Boolean);
  return (
    address
      ?.replace(/^[\w-]+\s*;\s*/, "")
      .replace(/[<>]/g, "")
      .trim()
      .toLowerCase() || null
  );
}
