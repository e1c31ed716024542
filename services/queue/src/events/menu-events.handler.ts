import { MENU_ITEM_CHANGED, MenuItemChangedEventSchema } from '@canteen/contracts';
import type { BusMessage, EventBus, Subscription } from '@canteen/service-kit';
import { menuUpdateFrame } from '../ws/menu-update.ts';

export const MENU_EVENTS_CONSUMER = 'queue.menu-events';

/**
 * The queue owns `/ws`, so it relays the menu's changes to every open phone as `menu_update`.
 * Nothing is stored and nothing is deduplicated: an event said twice tells the phones the same
 * state twice, which changes nothing.
 * Known gap: several queue instances on one broker share this queue (competing consumers), so
 * each change reaches one instance's clients; a per-instance queue needs a non-durable
 * subscription the bus does not offer yet.
 */
export function menuEventsHandler(broadcastPublic: (frame: Buffer) => void) {
  return async (message: BusMessage): Promise<void> => {
    broadcastPublic(menuUpdateFrame(MenuItemChangedEventSchema.parse(message.body)));
  };
}

export async function subscribeMenuEvents(bus: EventBus, broadcastPublic: (frame: Buffer) => void, queuePrefix = ''): Promise<Subscription> {
  return bus.subscribe({
    queue: `${queuePrefix}${MENU_EVENTS_CONSUMER}`,
    routingKeys: [MENU_ITEM_CHANGED],
    handler: menuEventsHandler(broadcastPublic),
  });
}
