import { slices, WORKFLOW_CREATE_BATCH_MAX } from "./limits";

/**
 * Starts Workflow instances with ids that name their work, in batches the platform accepts. An id
 * that exists already was started before (a second dispatch of the same work), which is the point
 * of such ids, so only other errors are thrown, naming `what` could not start.
 */
export async function startInstances<P>(workflow: Workflow<P>, instances: { id: string; params: P }[], what: string): Promise<void> {
  for (const part of slices(instances, WORKFLOW_CREATE_BATCH_MAX)) {
    const { errors } = await workflow.createBatch({ instances: part });
    const real = errors.filter((e) => !/already[ _]exists/i.test(e.message));
    if (real.length > 0) throw new Error(`could not start ${what}: ${real.map((e) => e.message).join("; ")}`);
  }
}
