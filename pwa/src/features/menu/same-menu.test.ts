import { describe, expect, it } from 'vitest';
import { keepUnchanged } from './same-menu.ts';

const dish = (id: string, price: number, available = true) => ({ id, name: id, price, available });

describe('a menu fetched again, compared with the menu in hand', () => {
  const inHand = [dish('dosa', 60), dish('tea', 20), dish('vada', 30)];

  it('when nothing changed, then the list in hand is kept as it is', () => {
    const again = inHand.map((item) => ({ ...item }));
    expect(keepUnchanged(inHand, again)).toBe(inHand);
  });

  it('when one dish changed, then that dish is the new one and the others keep their objects', () => {
    const again = [dish('dosa', 60), dish('tea', 25), dish('vada', 30)];
    const kept = keepUnchanged(inHand, again);
    expect(kept).not.toBe(inHand);
    expect(kept[0]).toBe(inHand[0]);
    expect(kept[1]).toBe(again[1]);
    expect(kept[1]!.price).toBe(25);
    expect(kept[2]).toBe(inHand[2]);
  });

  it('when dishes were added, removed or moved, then the new list is returned in its own order', () => {
    const added = keepUnchanged(inHand, [...inHand.map((item) => ({ ...item })), dish('idli', 40)]);
    expect(added.map((item) => item.id)).toEqual(['dosa', 'tea', 'vada', 'idli']);
    expect(added[0]).toBe(inHand[0]);
    expect(keepUnchanged(inHand, [dish('tea', 20), dish('vada', 30)]).map((item) => item.id)).toEqual(['tea', 'vada']);
    const moved = keepUnchanged(inHand, [dish('tea', 20), dish('dosa', 60), dish('vada', 30)]);
    expect(moved).not.toBe(inHand);
    expect(moved.map((item) => item.id)).toEqual(['tea', 'dosa', 'vada']);
    expect(moved[0]).toBe(inHand[1]);
  });

  it('when a dish sold out, then it is not taken for the one in hand', () => {
    const kept = keepUnchanged(inHand, [dish('dosa', 60, false), dish('tea', 20), dish('vada', 30)]);
    expect(kept[0]!.available).toBe(false);
  });
});
