// An enrollment waiting on an engagement condition (`step.waitForEvent`) hears of it here: the
// tracking and reply handlers call `signalEngagement` after recording the event. The event type
// names the message, so a condition hears only of the email it asks about.

export type SignalKind = "opened" | "clicked" | "replied";

export const signalType = (kind: SignalKind, messageId: string) => `${kind}_${messageId}`;

/** A click is an open too (the pixel may have been blocked). */
const SIGNALS: Record<string, SignalKind[]> = { opened: ["opened"], clicked: ["clicked", "opened"], replied: ["replied"] };

/**
 * Tells the message's enrollment what happened. An instance that is not waiting keeps the event
 * until it does; one that has ended cannot take it, which is fine: nothing waits any more. The
 * condition also reads the message row first, so a lost signal only costs the wait's timeout.
 */
export async function signalEngagement(
  env: Env,
  message: { id: string; enrollmentId: string | null },
  kind: string,
  at: Date,
): Promise<void> {
  const kinds = SIGNALS[kind];
  if (!message.enrollmentId || !kinds) return;
  try {
    const instance = await env.SEQUENCE_RUN.get(message.enrollmentId);
    for (const k of kinds) await instance.sendEvent({ type: signalType(k, message.id), payload: { at: at.toISOString() } });
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", job: "signalEngagement", enrollment: message.enrollmentId, error: String(error) }));
  }
}
