// Cloudflare's limits that decide how work is split. Each number is Cloudflare's, documented on
// the product's limits page; code that batches names the limit it stays under.

/** Queues: one `sendBatch` call takes at most 100 messages. */
export const QUEUE_SEND_BATCH_MAX = 100;

/** Workflows: one `createBatch` call creates at most 100 instances. */
export const WORKFLOW_CREATE_BATCH_MAX = 100;

/** D1: at most 100 bound parameters in one statement. */
export const D1_MAX_BOUND_PARAMETERS = 100;

/** The items in order, in slices of at most `size`. */
export function slices<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
