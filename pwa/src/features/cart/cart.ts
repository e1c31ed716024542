import type { MenuItem } from '@canteen/contracts';
import type { PlaceOrderBody } from '@canteen/client';
import type { CanteenDb, CartLine } from '../../offline/db.ts';
import { unitPrice, type Selection } from '../menu/options.ts';

function lineKey(itemId: string, selection: Selection): string {
  const parts = Object.keys(selection)
    .sort()
    .map((group) => `${group}=${[...(selection[group] ?? [])].sort().join('+')}`);
  return [itemId, ...parts].join('|');
}

/** Adds an item with its options; the same dish with the same choices adds to its line. */
export async function addToCart(db: CanteenDb, item: MenuItem, selection: Selection, quantity: number): Promise<void> {
  const key = lineKey(item.id, selection);
  await db.transaction('rw', db.cart, async () => {
    const existing = await db.cart.get(key);
    if (existing) {
      await db.cart.update(key, { quantity: Math.min(50, existing.quantity + quantity) });
      return;
    }
    await db.cart.add({
      key,
      menuItemId: item.id,
      name: item.name,
      imageUrl: item.image_url,
      quantity,
      unitPrice: unitPrice(item, selection),
      options: item.option_groups
        .filter((group) => (selection[group.id] ?? []).length > 0)
        .map((group) => {
          const ids = selection[group.id] ?? [];
          return { groupId: group.id, optionIds: ids, names: ids.map((id) => group.options.find((o) => o.id === id)?.name ?? id) };
        }),
      addedAt: Date.now(),
    });
  });
}

export async function setQuantity(db: CanteenDb, key: string, quantity: number): Promise<void> {
  if (quantity <= 0) await db.cart.delete(key);
  else await db.cart.update(key, { quantity: Math.min(50, quantity) });
}

export const cartTotal = (lines: CartLine[]): number =>
  Math.round(lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0) * 100) / 100;

export const cartCount = (lines: CartLine[]): number => lines.reduce((sum, line) => sum + line.quantity, 0);

export function orderBody(lines: CartLine[], payment: Pick<PlaceOrderBody, 'payment_method' | 'payment_token'>): PlaceOrderBody {
  return {
    items: lines.map((line) => ({
      menu_item_id: line.menuItemId,
      quantity: line.quantity,
      options: line.options.map((option) => ({ group_id: option.groupId, option_ids: option.optionIds })),
    })),
    ...payment,
  };
}
