import { randomUUID } from 'node:crypto';
import { MENU_ITEM_CHANGED, type MenuItemChangedEvent } from '@canteen/contracts';
import type { NewOutboxEvent } from '@canteen/service-kit';
import { changedAnnouncedFields, fromMinor, type MenuItemRecord } from '../domain/menu.ts';

/**
 * `menu.item.changed` for a create, a delete, or an update that moved something clients show
 * (availability, price, stock, options, name). Other edits (a description) announce nothing.
 */
export function itemChangedEvents(before: MenuItemRecord | undefined, after: MenuItemRecord | undefined): NewOutboxEvent[] {
  const item = after ?? before;
  if (!item) return [];
  const change = !before ? 'created' : !after ? 'deleted' : 'updated';
  const fields = before && after ? changedAnnouncedFields(before, after) : ['available', 'price', 'stock'];
  if (!fields.length) return [];
  const eventId = randomUUID();
  const payload: MenuItemChangedEvent = {
    event_id: eventId,
    event_type: 'menu.item.changed',
    schema_version: 1,
    timestamp: new Date().toISOString(),
    item_id: item.id,
    change,
    name: item.name,
    available: change === 'deleted' ? false : item.available,
    price: fromMinor(item.priceMinor),
    stock: item.stock,
    fields,
  };
  return [{ eventId, routingKey: MENU_ITEM_CHANGED, payload }];
}
