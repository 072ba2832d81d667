/**
 * The stages of one request and how long each waited, sent back as a Server-Timing header so a
 * browser's devtools and `curl -v` show where the time went. The Workers clock moves only across
 * I/O, so a stage that only computes reads 0: these figures are round trips to storage and
 * Durable Objects, which is what they are for.
 */
export class ServerTiming {
  private readonly started = performance.now();
  private readonly stages = new Map<string, number>();

  /** Runs `work` as the stage `name`; a stage entered more than once adds up. */
  async measure<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.stages.set(name, (this.stages.get(name) ?? 0) + performance.now() - start);
    }
  }

  header(): string {
    const entries = [...this.stages, ["total", performance.now() - this.started] as const];
    return entries.map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(", ");
  }
}
