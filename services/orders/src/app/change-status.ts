import type { OrderStatus } from '@canteen/contracts';
import { AppError, forbidden, isStaff, notFound, type Principal } from '@canteen/service-kit';
import { canTransition, type Actor } from '../domain/order-state.ts';
import type { OrderRecord } from '../domain/order.ts';
import { actorOf } from './actor.ts';
import type { OrdersDeps } from './deps.ts';
import { statusEvents } from './order-events.ts';
import { toOrderView } from './views.ts';
import type { Outcome } from './idempotency.ts';

async function transition(
  deps: OrdersDeps,
  orderId: number,
  caller: Principal,
  actor: Actor,
  to: OrderStatus,
  reason: string | null,
  allowed: (order: OrderRecord) => void,
): Promise<OrderRecord> {
  const result = await deps.store.updateOrder(
    orderId,
    (current) => {
      allowed(current);
      const check = canTransition(current.status, to, actor);
      if (!check.ok) throw new AppError(409, 'ILLEGAL_TRANSITION', `Cannot move the order to ${to}: ${check.reason}`);
      return {
        ...current,
        status: to,
        cancelReason: to === 'cancelled' ? (reason ?? (actor === 'customer' ? 'cancelled by customer' : 'cancelled by staff')) : current.cancelReason,
        updatedAt: deps.now(),
      };
    },
    (before, after) => statusEvents(before, after, actor),
    actorOf(caller),
  );
  if (!result) throw notFound(`Order ${orderId} not found`);
  deps.eventsWritten();
  deps.logger.info({ orderId, from: result.before.status, to, actor }, 'order status changed');
  return result.after;
}

/** Staff move an order through the kitchen (or cancel it); illegal moves are 409. */
export async function updateStatus(deps: OrdersDeps, caller: Principal, orderId: number, to: OrderStatus, reason?: string): Promise<Outcome> {
  const order = await transition(deps, orderId, caller, 'staff', to, reason ?? null, () => undefined);
  return { status: 200, body: toOrderView(order) };
}

/**
 * `DELETE /api/orders/{id}`: the owner cancels while the kitchen has not started; staff cancel
 * anything not finished. The payments service refunds on `order.cancelled`.
 */
export async function cancelOrder(deps: OrdersDeps, caller: Principal, orderId: number, reason?: string): Promise<Outcome> {
  const actor: Actor = isStaff(caller) ? 'staff' : 'customer';
  const order = await transition(deps, orderId, caller, actor, 'cancelled', reason ?? null, (current) => {
    // Someone else's order looks like no order at all: ids are not a way to probe.
    if (actor === 'customer' && current.userId !== Number(caller.userId)) throw notFound(`Order ${orderId} not found`);
  });
  return { status: 200, body: toOrderView(order) };
}

export function assertCanSee(caller: Principal, userId: number): void {
  if (!isStaff(caller) && Number(caller.userId) !== userId) throw forbidden("You can only see your own orders");
}
