/** The part of the Web Locks API the gate needs (tabs and the service worker share its locks). */
export interface ExclusiveLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const LOCK = 'canteen-outbox';

/**
 * One outbox replay at a time per browser, and never a lost wake-up.
 *
 * A replay reads the outbox when it starts. Turning a caller away while another replay runs
 * (what this used to do) lost orders for a while: an order queued just after the running
 * replay had read the outbox was neither sent by it nor by the caller that queued it, and
 * waited for the next trigger (the 15 s timer), which made the declined-card browser test
 * time out once. So a caller that finds a replay running waits for its turn and runs one that
 * reads the outbox afresh; callers arriving while a run is still waiting for its turn join
 * that run (same `key`) instead of stacking more.
 *
 * Web Locks queue tabs and the service worker alike; without them (old browsers, Node) calls
 * in this context are chained, and a replay elsewhere may overlap, which the server's one
 * order per Idempotency-Key keeps safe.
 */
export function createReplayGate(locks: ExclusiveLocks | undefined = browserLocks()) {
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    if (locks) return locks.request(LOCK, fn);
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const waiting = new Map<string, Promise<unknown>>();

  return function replaySerially<T>(key: string, run: () => Promise<T>): Promise<T> {
    const queued = waiting.get(key);
    if (queued) return queued as Promise<T>;
    const turn = { started: false };
    const result = exclusive(async () => {
      turn.started = true;
      // From here on this run reads the outbox, so later callers need a run of their own.
      if (waiting.get(key) === result) waiting.delete(key);
      return run();
    });
    if (!turn.started) waiting.set(key, result);
    return result;
  };
}

function browserLocks(): ExclusiveLocks | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  // The DOM types the callback's result loosely; it resolves with the callback's value.
  return locks ? { request: <T,>(name: string, callback: () => Promise<T>) => locks.request(name, callback) as Promise<T> } : undefined;
}
