import { describe, expect, it } from 'vitest';
import type { MenuItemRecord } from './menu.ts';
import { describeShortfall, giveBackStock, mergeStockLines, takeStock } from './stock.ts';

const item = (overrides: Partial<MenuItemRecord> = {}): MenuItemRecord => ({
  id: 'a'.repeat(24),
  name: "Today's Special",
  description: '',
  categoryId: 'b'.repeat(24),
  priceMinor: 9000,
  available: true,
  imageUrl: '',
  preparationTime: 8,
  station: 'stove',
  dietTags: [],
  allergens: [],
  optionGroups: [],
  stock: 3,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe('stock rules', () => {
  it('when lines name the same item twice, then they merge into one with the quantities added', () => {
    expect(mergeStockLines([{ itemId: 'x', quantity: 1 }, { itemId: 'y', quantity: 2 }, { itemId: 'x', quantity: 3 }])).toEqual([
      { itemId: 'x', quantity: 4 },
      { itemId: 'y', quantity: 2 },
    ]);
  });

  it('when the last portions are taken, then the item is sold out (stock 0, off sale)', () => {
    expect(takeStock(item(), 'x', 3)).toMatchObject({ ok: true, counted: true, after: { stock: 0, available: false } });
    expect(takeStock(item(), 'x', 2)).toMatchObject({ ok: true, after: { stock: 1, available: true } });
  });

  it('when more is asked than is left, or the item is off sale or gone, then the take is refused with what is left', () => {
    expect(takeStock(item(), 'x', 4)).toEqual({ ok: false, shortfall: { itemId: 'x', name: "Today's Special", left: 3 } });
    expect(takeStock(item({ available: false }), 'x', 1)).toMatchObject({ ok: false, shortfall: { left: 0 } });
    expect(takeStock(undefined, 'x', 1)).toEqual({ ok: false, shortfall: { itemId: 'x', name: null, left: 0 } });
  });

  it('when an item is not counted, then a take leaves it as it is', () => {
    const unlimited = item({ stock: null });
    expect(takeStock(unlimited, 'x', 99)).toEqual({ ok: true, counted: false, after: unlimited });
  });

  it('when stock comes back to a sold-out item, then it is on sale again; an item taken off sale by hand with stock left stays off', () => {
    expect(giveBackStock(item({ stock: 0, available: false }), 2)).toMatchObject({ stock: 2, available: true });
    expect(giveBackStock(item({ stock: 1, available: false }), 2)).toMatchObject({ stock: 3, available: false });
    expect(giveBackStock(item({ stock: null }), 2)).toMatchObject({ stock: null });
  });

  it('when a shortfall is described, then it says sold out, how many are left, or that the item is gone', () => {
    expect(describeShortfall({ itemId: 'x', name: 'Vada', left: 0 })).toBe('Vada is sold out');
    expect(describeShortfall({ itemId: 'x', name: 'Vada', left: 2 })).toBe('only 2 Vada left');
    expect(describeShortfall({ itemId: 'x', name: null, left: 0 })).toBe('this item is no longer on the menu');
  });
});
