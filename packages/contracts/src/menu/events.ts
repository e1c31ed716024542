import { z } from 'zod';
import { EventEnvelopeSchema } from '../events/envelope.ts';

/**
 * `menu.item.changed`: availability, price or stock of an item changed (or it was created or
 * deleted). The queue service relays it to every `/ws` client as `menu_update`, so "sold out" shows everywhere at once; the
 * orders service can drop its cached copy of the item.
 */
export const MenuItemChangedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('menu.item.changed'),
  item_id: z.string(),
  change: z.enum(['created', 'updated', 'deleted']),
  name: z.string(),
  available: z.boolean(),
  price: z.number(),
  stock: z.number().int().nullable(),
  /** What moved, e.g. ["available", "price"]. */
  fields: z.array(z.string()),
});
export type MenuItemChangedEvent = z.infer<typeof MenuItemChangedEventSchema>;

export const MENU_ITEM_CHANGED = 'menu.item.changed';
