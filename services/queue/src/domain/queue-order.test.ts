import { describe, expect, it } from 'vitest';
import { orderQueue } from './queue-order.ts';
import { entry, MIN, T0 } from './queue-entry.fixtures.ts';

const ids = (es: { orderId: number }[]): number[] => es.map((e) => e.orderId);

describe('orderQueue', () => {
  it('when orders wait with equal priority, then the lowest number is next', () => {
    const q = orderQueue([entry(3), entry(1), entry(2)]);
    expect(ids(q)).toEqual([1, 2, 3]);
  });

  it('when an order was confirmed a moment earlier but reached the queue later (a higher number), then it goes by its number', () => {
    const q = orderQueue([entry(1, { queueNumber: 58, confirmedAt: T0 - 5 }), entry(2, { queueNumber: 57, confirmedAt: T0 })]);
    expect(ids(q)).toEqual([2, 1]);
  });

  it('when orders of an earlier canteen day still wait, then they go before today\'s, whatever their numbers', () => {
    const q = orderQueue([entry(1, { queueNumber: 2, day: '2025-01-07' }), entry(2, { queueNumber: 340, day: '2025-01-06' })]);
    expect(ids(q)).toEqual([2, 1]);
  });

  it('when an order has a higher priority, then it goes ahead of earlier waiting ones', () => {
    const q = orderQueue([entry(1), entry(2), entry(3, { priority: 5 })]);
    expect(ids(q)).toEqual([3, 1, 2]);
  });

  it('when an order is preparing, then it stays ahead of any waiting order whatever its priority', () => {
    const q = orderQueue([
      entry(1, { priority: 10 }),
      entry(2, { status: 'preparing', preparingAt: T0 - 2 * MIN }),
      entry(3, { status: 'preparing', preparingAt: T0 - 5 * MIN }),
    ]);
    expect(ids(q)).toEqual([3, 2, 1]);
  });

  it('when numbers tie (two instances numbering apart), then the earlier confirmed goes first', () => {
    const q = orderQueue([entry(1, { confirmedAt: T0, queueNumber: 4 }), entry(2, { confirmedAt: T0 - 1, queueNumber: 4 })]);
    expect(ids(q)).toEqual([2, 1]);
  });

  it('when orders are ready or completed, then they are not in the queue', () => {
    const q = orderQueue([entry(1, { status: 'ready' }), entry(2, { status: 'completed' }), entry(3)]);
    expect(ids(q)).toEqual([3]);
  });

  it('when ordering, then the input is left untouched', () => {
    const input = [entry(2), entry(1)];
    orderQueue(input);
    expect(ids(input)).toEqual([2, 1]);
  });
});
