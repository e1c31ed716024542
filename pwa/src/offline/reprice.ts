import type { PlaceOrderBody } from '@canteen/client';
import type { MenuItem } from '@canteen/contracts';

/** What a queued order would come to on today's menu. */
export interface Repriced {
  total: number;
  /** Dishes (or chosen options) that are no longer available, by name. */
  soldOut: string[];
}

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Prices an order body on the menu as it is now, the way the orders service will (dish price
 * plus the chosen options' deltas, times quantity), and lists what can no longer be had. The
 * server stays the judge; this only lets the student see a changed total before it is sent.
 */
export function repriceOrder(body: PlaceOrderBody, menu: readonly MenuItem[]): Repriced {
  const byId = new Map(menu.map((item) => [item.id, item]));
  let total = 0;
  const soldOut: string[] = [];
  for (const line of body.items) {
    const item = byId.get(line.menu_item_id);
    if (!item || !item.available) {
      soldOut.push(item?.name ?? 'A dish no longer on the menu');
      continue;
    }
    let unit = cents(item.price);
    for (const chosen of line.options ?? []) {
      const group = item.option_groups.find((g) => g.id === chosen.group_id);
      for (const id of chosen.option_ids) {
        const option = group?.options.find((o) => o.id === id);
        if (!option || !option.available) soldOut.push(`${item.name}: ${option?.name ?? 'an option'}`);
        else unit += cents(option.price_delta);
      }
    }
    total += unit * line.quantity;
  }
  return { total: total / 100, soldOut };
}

/** True when the student should look again before it goes: something sold out, or the total moved. */
export const menuChanged = (queuedTotal: number, now: Repriced): boolean => now.soldOut.length > 0 || cents(now.total) !== cents(queuedTotal);
