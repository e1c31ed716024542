import type { MenuItem } from '@canteen/contracts';

export interface StockHoldLine {
  menuItemId: string;
  quantity: number;
}

/** The lines whose items the menu counts (stock not null): what a placement must hold. Pure. */
export function countedLines(lines: readonly { menu_item_id: string; quantity: number }[], menu: ReadonlyMap<string, MenuItem>): StockHoldLine[] {
  return lines
    .filter((line) => {
      const stock = menu.get(line.menu_item_id)?.stock;
      return stock !== null && stock !== undefined;
    })
    .map((line) => ({ menuItemId: line.menu_item_id, quantity: line.quantity }));
}

/**
 * The menu's shortfalls (by menu item) as problems of the order's own lines, so the 409 points
 * at `items.<n>.quantity` like the other refusals of a placement.
 */
export function shortLinesOfOrder(
  lines: readonly { menu_item_id: string }[],
  shortfalls: readonly { menu_item_id: string; message: string }[],
): { path: string; message: string }[] {
  return shortfalls.flatMap((shortfall) =>
    lines.flatMap((line, index) =>
      line.menu_item_id === shortfall.menu_item_id ? [{ path: `items.${index}.quantity`, message: shortfall.message }] : [],
    ),
  );
}
