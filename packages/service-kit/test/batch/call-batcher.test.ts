import { describe, expect, it } from 'vitest';
import { createCallBatcher } from '../../src/batch/call-batcher.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const doubled = async (inputs: readonly number[]) => inputs.map((n): PromiseSettledResult<number> => ({ status: 'fulfilled', value: n * 2 }));

describe('createCallBatcher', () => {
  it('when calls come in the same turn, then they run as one batch and each gets its own answer', async () => {
    const batches: number[][] = [];
    const call = createCallBatcher<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return doubled(inputs);
    }, { maxBatch: 10, maxInFlight: 1 });

    const answers = await Promise.all([call(1), call(2), call(3)]);

    expect(answers).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('when more calls come than a batch holds, then they are split in call order', async () => {
    const batches: number[][] = [];
    const call = createCallBatcher<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return doubled(inputs);
    }, { maxBatch: 2, maxInFlight: 5 });

    await Promise.all([1, 2, 3, 4, 5].map(call));

    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('when the batches under way are at the limit, then new calls wait and go together in the next batch', async () => {
    const batches: number[][] = [];
    const gate = deferred();
    const call = createCallBatcher<number, number>(async (inputs) => {
      batches.push([...inputs]);
      if (inputs[0] === 1) await gate.promise;
      return doubled(inputs);
    }, { maxBatch: 10, maxInFlight: 1 });

    const first = call(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [call(2), call(3)];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1]]);

    gate.resolve();
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('when one input of a batch fails, then only its caller gets the error', async () => {
    const call = createCallBatcher<number, number>(
      async (inputs) => Promise.allSettled(inputs.map(async (n) => (n === 2 ? Promise.reject(new Error('no twos')) : n))),
      { maxBatch: 10, maxInFlight: 1 },
    );

    const results = await Promise.allSettled([call(1), call(2), call(3)]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('no twos'));
  });

  it('when the batch itself throws, then every call of it fails, and the next batch runs', async () => {
    let failNext = true;
    const call = createCallBatcher<number, number>(async (inputs) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection lost');
      }
      return doubled(inputs);
    }, { maxBatch: 10, maxInFlight: 1 });

    const failed = await Promise.allSettled([call(1), call(2)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await call(3)).toBe(6);
  });

  it('when the batch answers fewer results than calls, then the callers without one fail instead of hanging', async () => {
    const call = createCallBatcher<number, number>(async (inputs) => (await doubled(inputs)).slice(0, 1), { maxBatch: 10, maxInFlight: 1 });

    const results = await Promise.allSettled([call(1), call(2)]);

    expect(results[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(results[1]!.status).toBe('rejected');
  });

  it('when the limits are not positive integers, then it refuses to start', () => {
    expect(() => createCallBatcher(doubled, { maxBatch: 0, maxInFlight: 1 })).toThrow(RangeError);
    expect(() => createCallBatcher(doubled, { maxBatch: 1, maxInFlight: 1.5 })).toThrow(RangeError);
  });
});
