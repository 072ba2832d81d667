import type { introspectWorkflow } from "cloudflare:test";
import { expect, vi } from "vitest";

type Introspector = Awaited<ReturnType<typeof introspectWorkflow>>;

/** Waits until at least `count` instances started and every one completed; returns their outputs. */
export async function settled(introspector: Introspector, count = 1): Promise<any[]> {
  let instances: Awaited<ReturnType<Introspector["get"]>> = [];
  await vi.waitFor(
    async () => {
      instances = await introspector.get();
      expect(instances.length).toBeGreaterThanOrEqual(count);
    },
    { timeout: 10_000 },
  );
  const outputs = [];
  for (const instance of instances) {
    await instance.waitForStatus("complete");
    outputs.push(await instance.getOutput());
  }
  return outputs;
}

/** What the fake receiver (test/support/fake-receiver.ts) got in an inbox. */
export const received = async (inbox: string): Promise<any[]> => (await fetch(`https://receiver.test/inbox/${inbox}`)).json();
