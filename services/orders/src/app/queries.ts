import { ACTIVE_ORDER_STATUSES, KITCHEN_ORDER_STATUSES, type ActiveOrdersSnapshot, type Order, type OrderHistory, type OrderStatus } from '@canteen/contracts';
import { isStaff, notFound, type Principal } from '@canteen/service-kit';
import { assertCanSee } from './change-status.ts';
import type { OrdersDeps } from './deps.ts';
import { toOrderView } from './views.ts';

export async function getOrder(deps: OrdersDeps, caller: Principal, orderId: number): Promise<Order> {
  const order = await deps.store.getOrder(orderId);
  // Another customer's order is "not found" rather than "forbidden": ids are not a way to probe.
  if (!order || (!isStaff(caller) && order.userId !== Number(caller.userId))) throw notFound(`Order ${orderId} not found`);
  return toOrderView(order);
}

/** Staff only (the route says so): each status the order had, when, and who moved it. */
export async function getOrderHistory(deps: OrdersDeps, orderId: number): Promise<OrderHistory> {
  const [order, history] = await Promise.all([deps.store.getOrder(orderId), deps.store.statusHistory(orderId)]);
  if (!order) throw notFound(`Order ${orderId} not found`);
  return {
    order_id: orderId,
    history: history.map((line) => ({
      from_status: line.fromStatus,
      to_status: line.toStatus,
      actor_id: line.actor.userId,
      actor_role: line.actor.role,
      reason: line.reason,
      at: line.at.toISOString(),
    })),
  };
}

export async function listUserOrders(
  deps: OrdersDeps,
  caller: Principal,
  userId: number,
  options: { status?: OrderStatus | undefined; activeOnly?: boolean; limit: number; offset: number },
): Promise<Order[]> {
  assertCanSee(caller, userId);
  const statuses = options.activeOnly ? ACTIVE_ORDER_STATUSES : options.status ? [options.status] : undefined;
  const orders = await deps.store.listOrders({
    userId,
    ...(statuses ? { statuses } : {}),
    limit: options.limit,
    offset: options.offset,
  });
  return orders.map(toOrderView);
}

export async function listAllOrders(
  deps: OrdersDeps,
  options: { status?: OrderStatus | undefined; queue_number?: number | undefined; limit: number; offset: number },
): Promise<Order[]> {
  const orders = await deps.store.listOrders({
    ...(options.status ? { statuses: [options.status] } : {}),
    ...(options.queue_number !== undefined ? { queueNumber: options.queue_number } : {}),
    limit: options.limit,
    offset: options.offset,
  });
  return orders.map(toOrderView);
}


/**
 * One page of the orders in the kitchen's hands (confirmed, preparing, ready), lowest id
 * first from `afterId` on. Paging by id neither skips nor repeats an order while others are
 * added or move on: an order stays in the kitchen's statuses until it is finished.
 */
export async function kitchenSnapshot(deps: OrdersDeps, page: { afterId: number; limit: number }): Promise<ActiveOrdersSnapshot> {
  const takenAt = deps.now();
  const orders = await deps.store.listOrders({ statuses: KITCHEN_ORDER_STATUSES, afterId: page.afterId, limit: page.limit + 1, offset: 0 });
  const kept = orders.slice(0, page.limit);
  const complete = orders.length <= page.limit;
  return {
    orders: kept.map(toOrderView),
    complete,
    next_after_id: complete ? null : (kept.at(-1)?.id ?? null),
    taken_at: takenAt.toISOString(),
  };
}
