import { newIdempotencyKey, type PlaceOrderBody } from '@canteen/client';
import type { Order } from '@canteen/contracts';
import { api, getDb, sessions } from '../../app/services.ts';
import { askForBackgroundSync, replaySignedIn } from '../../offline/background-sync.ts';
import { queueOrder } from '../../offline/outbox.ts';

/**
 * Every order goes through the outbox, online or not: written with its key (and the cart
 * emptied) in one transaction, then sent. Resolves with where the person should look next:
 * the order, or the queued entry that will become one.
 */
export async function placeOrder(body: PlaceOrderBody): Promise<{ orderId: number } | { queuedKey: string }> {
  const session = sessions.get();
  if (!session) throw new Error('Sign in to order');
  const key = newIdempotencyKey();
  const db = await getDb();
  await queueOrder(db, { key, userId: session.user.id, body, now: Date.now() });
  await sendQueuedOrders();
  const sent = await db.sent.get(key);
  return sent ? { orderId: sent.orderId } : { queuedKey: key };
}

/**
 * Sends what waits in the outbox for the signed-in person (app start, back online, sign-in).
 * What still waits afterwards (offline, a busy server) is handed to Background Sync too, so it
 * goes out when the network is back even if the app is closed by then.
 */
export async function sendQueuedOrders(): Promise<void> {
  if (!sessions.get()) return;
  const result = await replaySignedIn(sessions, api, await getDb());
  if (result && result.waiting > 0) await askForBackgroundSync();
}

/** Puts a (failed) order's dishes back in the cart, with their options, for another try. */
export async function restoreCart(order: Order): Promise<void> {
  const db = await getDb();
  await db.transaction('rw', db.cart, async () => {
    await db.cart.clear();
    const now = Date.now();
    await db.cart.bulkPut(
      order.items.map((item, index) => {
        const groups = new Map<string, { groupId: string; optionIds: string[]; names: string[] }>();
        for (const option of item.options) {
          const group = groups.get(option.group_id) ?? { groupId: option.group_id, optionIds: [], names: [] };
          group.optionIds.push(option.option_id);
          group.names.push(option.name);
          groups.set(option.group_id, group);
        }
        return {
          key: `${item.menu_item_id}|retry-${order.id}-${index}`,
          menuItemId: item.menu_item_id,
          name: item.item_name,
          imageUrl: '',
          quantity: item.quantity,
          unitPrice: item.price,
          options: [...groups.values()],
          addedAt: now + index,
        };
      }),
    );
  });
}
