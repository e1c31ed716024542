import { describe, expect, it } from 'vitest';
import { inOrderPer } from '../../src/bus/in-order.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('inOrderPer', () => {
  it('when work for one key is asked for while earlier work runs, then it waits for it; other keys do not', async () => {
    const inOrder = inOrderPer<number>();
    const log: string[] = [];
    const first = deferred();

    const a1 = inOrder(1, async () => {
      log.push('a1 start');
      await first.promise;
      log.push('a1 end');
    });
    const a2 = inOrder(1, async () => void log.push('a2'));
    const b1 = inOrder(2, async () => void log.push('b1'));
    await b1;
    expect(log).toEqual(['a1 start', 'b1']);

    first.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('when a run fails, then its caller gets the error and the next run for the key still runs', async () => {
    const inOrder = inOrderPer<string>();
    const failing = inOrder('k', async () => {
      throw new Error('boom');
    });
    const next = inOrder('k', async () => 'next ran');

    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('when work returns a value, then the caller gets it', async () => {
    const inOrder = inOrderPer<string>();
    expect(await Promise.all([inOrder('x', async () => 1), inOrder('x', async () => 2), inOrder('y', async () => 3)])).toEqual([1, 2, 3]);
  });
});
