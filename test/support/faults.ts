// Infrastructure that fails on purpose, injected at the binding boundary (never into our own
// domain code): the fault-injection suite proves nothing is lost or duplicated when it does.

const outage = (what: string) => async () => {
  throw new Error(`${what} unavailable (injected)`);
};

/** A JOBS binding whose every send fails, as when a Worker dies between its D1 write and the enqueue. */
export const unreachableQueue = { send: outage("queue"), sendBatch: outage("queue") };

/** A Workflow binding that cannot start instances. */
export const unreachableWorkflow = { create: outage("workflow"), createBatch: outage("workflow"), get: outage("workflow") };

/** `db` whose `batch()` call number `failing` (1-based) throws, as a D1 error in the middle of a write would. */
export function failingNthBatch(db: D1Database, failing: number): D1Database {
  let calls = 0;
  return new Proxy(db, {
    get(target, property) {
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          calls += 1;
          if (calls === failing) throw new Error("D1_ERROR: storage operation failed (injected)");
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
