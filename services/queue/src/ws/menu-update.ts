import type { MenuItemChangedEvent, MenuUpdateMessage } from '@canteen/contracts';
import { toFrame } from './scope.ts';

/**
 * The public `menu_update` frame: no `seq` (it is not part of the resumable order stream — a
 * client that reconnects refetches the menu instead), and built field by field so nothing but
 * the dish's public state ever goes out, to staff, customers and the board alike.
 */
export function menuUpdateFrame(event: MenuItemChangedEvent): Buffer {
  const data: MenuUpdateMessage['data'] = {
    item_id: event.item_id,
    change: event.change,
    available: event.available,
    stock: event.stock,
    price: event.price,
  };
  const message: MenuUpdateMessage = { type: 'menu_update', data };
  return toFrame(message);
}
