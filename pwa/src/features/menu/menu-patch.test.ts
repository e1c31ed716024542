import { describe, expect, it } from 'vitest';
import type { MenuItem } from '@canteen/contracts';
import { applyMenuPatch, isMenuUpdate, type MenuPatch } from './menu-patch.ts';

// Only the fields a patch touches matter here; the rest of a MenuItem rides along unchanged.
const dish = (id: string, price: number, available = true) => ({ id, name: id, price, available, stock: null }) as unknown as MenuItem;
const patch = (item_id: string, fields: Partial<MenuPatch> = {}): MenuPatch => ({ item_id, change: 'updated', available: true, stock: null, price: 50, ...fields });

describe('a /ws menu_update applied to the menu in hand', () => {
  const menu = [dish('dosa', 60), dish('tea', 20)];

  it('when a dish sells out, then it stays listed as not available with its stock, and the others are untouched', () => {
    const next = applyMenuPatch(menu, patch('dosa', { available: false, stock: 0, price: 60 }))!;
    expect(next.map((item) => [item.id, item.available, item.stock])).toEqual([
      ['dosa', false, 0],
      ['tea', true, null],
    ]);
    expect(next[1]).toBe(menu[1]);
    expect(menu[0]!.available).toBe(true); // the menu in hand is not mutated
  });

  it('when a price changes, then the dish shows the new price', () => {
    expect(applyMenuPatch(menu, patch('tea', { price: 25 }))![1]!.price).toBe(25);
  });

  it('when a dish is deleted, then it leaves the menu', () => {
    expect(applyMenuPatch(menu, patch('tea', { change: 'deleted', available: false }))!.map((item) => item.id)).toEqual(['dosa']);
  });

  it('when an unknown dish becomes available, then the caller is told to refetch (undefined); an unknown one going away changes nothing', () => {
    expect(applyMenuPatch(menu, patch('new-idli', { change: 'created' }))).toBeUndefined();
    expect(applyMenuPatch(menu, patch('gone', { available: false }))).toEqual(menu);
  });

  it('when other /ws messages arrive, then only a menu_update with an item id counts as one', () => {
    expect(isMenuUpdate({ type: 'menu_update', data: patch('tea') })).toBe(true);
    expect(isMenuUpdate({ type: 'menu_update', data: {} })).toBe(false);
    expect(isMenuUpdate({ type: 'queue_update', seq: 3, data: patch('tea') })).toBe(false);
  });
});
