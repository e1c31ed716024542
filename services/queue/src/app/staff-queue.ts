import type { QueueItem, RemoveFromQueue, UpdateQueueItem } from '@canteen/contracts';
import { badRequest, conflict, notFound } from '@canteen/service-kit';
import type { OrdersClient } from '../clients/orders.client.ts';
import { queueStatusOf } from '../domain/order-entry.ts';
import type { QueueDeps } from './deps.ts';
import { advance, assertForward, cancel, restore, setPriority } from './queue-changes.ts';
import { toQueueItem } from './views.ts';

/**
 * Staff's hand operations on the queue go through the order, which the orders service owns:
 * the queue never holds an order that is not in the kitchen's hands, and never drops one that is.
 */

/** `POST /api/queue/`: an existing order in the kitchen's hands, with its own number and status; answers its place in the new plan. */
export async function queueByHand(deps: QueueDeps, orders: OrdersClient, input: { orderId: number; userId: number }, token: string): Promise<QueueItem> {
  const order = await orders.getOrder(input.orderId, token);
  if (!order) throw notFound(`Order ${input.orderId} not found`);
  if (order.user_id !== input.userId) throw badRequest(`user_id ${input.userId} is not the owner of order ${order.id}`);
  if (!queueStatusOf(order.status)) {
    const why = order.status === 'placed' ? 'is not paid yet' : `is already ${order.status}`;
    throw conflict(`Order ${order.id} ${why}: only confirmed, preparing and ready orders are queued`, 'ORDER_NOT_ACTIVE');
  }
  const entry = await restore(deps, order);
  if (!entry) throw conflict(`Order ${order.id} is already finished`, 'ORDER_NOT_ACTIVE');
  const { plan } = await deps.planner.fresh();
  return toQueueItem(entry, plan);
}

/**
 * `PUT /api/queue/order/{id}`: moves the order forward (never back) through the orders service
 * first, which owns it, then here at once rather than waiting for the event; and/or sets its
 * priority (not once it is completed). Answers the entry with its place in the new plan.
 */
export async function updateByHand(
  deps: QueueDeps,
  orders: OrdersClient,
  orderId: number,
  input: UpdateQueueItem,
  token: string,
): Promise<QueueItem> {
  let entry = await deps.store.getEntry(orderId);
  if (!entry) throw notFound('queue item not found');
  if (input.status && input.status !== entry.status) {
    assertForward(entry, input.status);
    if (input.status !== 'waiting') {
      await orders.setStatus(orderId, input.status, token);
      entry = (await advance(deps, orderId, input.status, deps.now())) ?? entry;
    }
  }
  if (input.priority !== undefined && entry.status !== 'completed') entry = await setPriority(deps, orderId, input.priority);
  const { plan } = await deps.planner.fresh();
  return toQueueItem(entry, plan);
}

/**
 * `DELETE /api/queue/order/{id}`: completes or cancels the order (a cancel refunds it through
 * the payments service, as any staff cancel does), then takes it off the queue at once rather
 * than waiting for the event. An order already finished is only taken off; an entry whose
 * order does not exist (queued by hand before this rule) is dropped.
 */
export async function removeByHand(
  deps: QueueDeps,
  orders: OrdersClient,
  orderId: number,
  input: RemoveFromQueue,
  token: string,
): Promise<'completed' | 'cancelled'> {
  const order = await orders.getOrder(orderId, token);
  if (!order) {
    if (await cancel(deps, orderId)) return 'cancelled';
    throw notFound(`Order ${orderId} not found`);
  }
  if (order.status === 'completed' || order.status === 'cancelled') {
    await finishHere(deps, orderId, order.status);
    return order.status;
  }
  const action = input.action ?? (order.status === 'ready' ? 'complete' : 'cancel');
  if (action === 'complete') await orders.setStatus(orderId, 'completed', token);
  else await orders.cancel(orderId, token, input.reason ?? 'removed from the queue by staff');
  const status = action === 'complete' ? 'completed' : 'cancelled';
  await finishHere(deps, orderId, status);
  return status;
}

async function finishHere(deps: QueueDeps, orderId: number, status: 'completed' | 'cancelled'): Promise<void> {
  if (status === 'cancelled' || !(await advance(deps, orderId, 'completed', deps.now()))) await cancel(deps, orderId);
}
