import type { MenuItem } from '@canteen/contracts';
import { describe, expect, it } from 'vitest';
import { countedLines, shortLinesOfOrder } from './stock.ts';

describe('stock holds of an order', () => {
  it('when some items are counted, then only their lines are held', () => {
    const menu = new Map([
      ['counted', { stock: 4 } as MenuItem],
      ['sold-out', { stock: 0 } as MenuItem],
      ['unlimited', { stock: null } as MenuItem],
    ]);
    const lines = [
      { menu_item_id: 'unlimited', quantity: 3 },
      { menu_item_id: 'counted', quantity: 2 },
      { menu_item_id: 'sold-out', quantity: 1 },
    ];
    expect(countedLines(lines, menu)).toEqual([
      { menuItemId: 'counted', quantity: 2 },
      { menuItemId: 'sold-out', quantity: 1 },
    ]);
  });

  it("when the menu refuses a hold, then each short item's problem points at every order line of that item", () => {
    const lines = [{ menu_item_id: 'a' }, { menu_item_id: 'b' }, { menu_item_id: 'a' }];
    expect(shortLinesOfOrder(lines, [{ menu_item_id: 'a', message: 'only 1 Vada left' }])).toEqual([
      { path: 'items.0.quantity', message: 'only 1 Vada left' },
      { path: 'items.2.quantity', message: 'only 1 Vada left' },
    ]);
  });
});
