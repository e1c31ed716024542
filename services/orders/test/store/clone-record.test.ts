import { describe, expect, it } from 'vitest';
import { cloneRecord } from '../../src/store/clone-record.ts';
import { savedOrder } from '../../src/store/order.rows.ts';
import { newLine, newOrder } from './order-store.fixtures.ts';

describe('cloneRecord', () => {
  const order = savedOrder(
    newOrder({ specialInstructions: 'less spicy', items: [newLine({ options: [{ groupId: 'g', groupName: 'Sugar', optionId: 'o', optionName: 'Less', priceMinor: 0 }] as never }), newLine()] }),
    41,
    [7, 8],
  );

  it('copies an order as structuredClone does: equal, Dates kept as Dates, nothing shared', () => {
    const copy = cloneRecord(order);
    expect(copy).toStrictEqual(structuredClone(order));
    expect(copy.createdAt).toBeInstanceOf(Date);
    expect(copy.createdAt).not.toBe(order.createdAt);
    expect(copy.items).not.toBe(order.items);
    expect(copy.items[0]!.options).not.toBe(order.items[0]!.options);

    copy.status = 'cancelled';
    copy.createdAt.setTime(0);
    copy.items[0]!.quantity = 99;
    copy.items[0]!.options.push({ groupId: 'x' } as never);
    copy.items.pop();
    expect(order.status).toBe('placed');
    expect(order.createdAt.getTime()).not.toBe(0);
    expect(order.items).toHaveLength(2);
    expect(order.items[0]!.quantity).toBe(2);
    expect(order.items[0]!.options).toHaveLength(1);
  });

  it('keeps own properties that are undefined, and null', () => {
    const copy = cloneRecord({ a: undefined, b: null, c: [undefined, 1] });
    expect(Object.keys(copy)).toEqual(['a', 'b', 'c']);
    expect(copy).toStrictEqual({ a: undefined, b: null, c: [undefined, 1] });
  });

  it('leaves what is not plain data to structuredClone (a Map, a class instance)', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const value = { map: new Map([[1, { deep: true }]]), point: new Point(3) };
    const copy = cloneRecord(value);
    expect(copy).toStrictEqual(structuredClone(value));
    expect(copy.map).not.toBe(value.map);
    expect(copy.map.get(1)).not.toBe(value.map.get(1));
    expect(() => cloneRecord({ fn: () => 1 })).toThrow();
  });
});
