/**
 * Runs work for the same key one at a time, in the order it was asked for, while work for
 * other keys runs alongside: a consumer with a prefetch above one keeps each order's events
 * in order (as the queue delivers them) without handling the whole queue one message at a time.
 * A failed run does not stop the ones behind it; its caller gets the error.
 */
export function inOrderPer<K>(): <T>(key: K, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<K, Promise<unknown>>();
  return (key, work) => {
    const previous = tails.get(key);
    const run = previous ? previous.then(work) : work();
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      // Nothing queued behind it: forget the key, so the map holds only keys with work under way.
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
