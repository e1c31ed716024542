import type { MenuItem, MenuUpdateMessage } from '@canteen/contracts';
import type { LiveMessage } from '@canteen/client';

export type MenuPatch = MenuUpdateMessage['data'];

export const isMenuUpdate = (message: LiveMessage): message is MenuUpdateMessage =>
  message.type === 'menu_update' && typeof (message.data as Partial<MenuPatch> | undefined)?.item_id === 'string';

/**
 * A `menu_update` applied to the menu in hand: a deleted dish goes, a sold-out one stays
 * (shown as sold out, not orderable), price and stock follow. `undefined` when the dish is not
 * in hand (new, or back on sale on a menu that did not list it): the caller refetches.
 */
export function applyMenuPatch(items: readonly MenuItem[], patch: MenuPatch): MenuItem[] | undefined {
  const index = items.findIndex((item) => item.id === patch.item_id);
  if (index < 0) return patch.change === 'deleted' || !patch.available ? [...items] : undefined;
  if (patch.change === 'deleted') return items.filter((_, i) => i !== index);
  const next = [...items];
  next[index] = { ...items[index]!, available: patch.available, price: patch.price, stock: patch.stock };
  return next;
}
