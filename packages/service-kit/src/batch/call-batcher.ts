/**
 * Group commit for calls that would each pay a round trip and a commit of their own: calls
 * made in the same turn of the event loop run as one batch, and while `maxInFlight` batches
 * are under way new calls wait and join the next one, so the busier the store, the fuller
 * the batches. Idle, a call waits one turn (setImmediate) and runs alone.
 *
 * `run` gets the inputs in call order and answers one settled result per input, in the same
 * order: one input's failure is its caller's alone. A `run` that throws fails every call of
 * its batch.
 */
export interface CallBatcherOptions {
  /** Inputs per batch at most. */
  maxBatch: number;
  /** Batches under way at once at most (e.g. fewer than the pool's connections). */
  maxInFlight: number;
}

export type BatchRun<I, O> = (inputs: readonly I[]) => Promise<readonly PromiseSettledResult<O>[]>;

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

export function createCallBatcher<I, O>(run: BatchRun<I, O>, options: CallBatcherOptions): (input: I) => Promise<O> {
  const { maxBatch, maxInFlight } = options;
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new RangeError('maxBatch must be a positive integer');
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) throw new RangeError('maxInFlight must be a positive integer');
  const waiting: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    while (waiting.length > 0 && inFlight < maxInFlight) {
      const batch = waiting.splice(0, maxBatch);
      inFlight += 1;
      void runBatch(batch).finally(() => {
        inFlight -= 1;
        if (waiting.length > 0) schedule();
      });
    }
  }

  async function runBatch(batch: Waiting<I, O>[]): Promise<void> {
    let results: readonly PromiseSettledResult<O>[];
    try {
      results = await run(batch.map((call) => call.input));
    } catch (err) {
      for (const call of batch) call.reject(err);
      return;
    }
    for (const [index, call] of batch.entries()) {
      const result = results[index];
      if (result === undefined) call.reject(new Error(`the batch answered ${results.length} results for ${batch.length} calls`));
      else if (result.status === 'fulfilled') call.resolve(result.value);
      else call.reject(result.reason);
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      schedule();
    });
}
