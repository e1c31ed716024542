import type { OrderStatus } from '@canteen/contracts';

/**
 * The order's state machine, pure. The kitchen moves an order forward one step at a time
 * (staff may also skip ahead, e.g. straight from confirmed to ready for a drink); nothing ever
 * moves backwards. A customer may cancel only before the kitchen starts (placed, confirmed);
 * staff may cancel anything not finished.
 */
export type Actor = 'customer' | 'staff' | 'payment';

const FORWARD: readonly OrderStatus[] = ['placed', 'confirmed', 'preparing', 'ready', 'completed'];
const TERMINAL: ReadonlySet<OrderStatus> = new Set(['completed', 'cancelled']);

export const isTerminal = (status: OrderStatus): boolean => TERMINAL.has(status);

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function canTransition(from: OrderStatus, to: OrderStatus, actor: Actor): TransitionCheck {
  if (from === to) return { ok: false, reason: `the order is already ${from}` };
  if (isTerminal(from)) return { ok: false, reason: `the order is ${from}` };
  if (to === 'cancelled') {
    if (actor === 'customer' && from !== 'placed' && from !== 'confirmed') {
      return { ok: false, reason: 'the kitchen has started on this order; ask at the counter' };
    }
    return { ok: true };
  }
  if (actor === 'customer') return { ok: false, reason: 'only staff move an order through the kitchen' };
  // Payment confirms a placed order; staff take it from there (or confirm cash by hand).
  if (actor === 'payment' && !(from === 'placed' && to === 'confirmed')) {
    return { ok: false, reason: `payment cannot move an order from ${from} to ${to}` };
  }
  const fromIndex = FORWARD.indexOf(from);
  const toIndex = FORWARD.indexOf(to);
  if (toIndex <= fromIndex) return { ok: false, reason: `an order cannot go back from ${from} to ${to}` };
  if (from === 'placed' && to !== 'confirmed') {
    return { ok: false, reason: 'an order must be confirmed (paid) before the kitchen takes it' };
  }
  return { ok: true };
}
