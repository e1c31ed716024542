import type { AdminUser, Order, OrderStatusChange, Payment } from '@canteen/contracts';

export const STATUS_WORDS: Record<Order['status'], string> = {
  placed: 'Placed',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  ready: 'Ready',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const STATUS_TONE: Record<Order['status'], '' | 'ok' | 'warn' | 'danger'> = {
  placed: 'warn',
  confirmed: '',
  preparing: '',
  ready: 'ok',
  completed: 'ok',
  cancelled: 'danger',
};
export const PAYMENT_WORDS: Record<Payment['status'], string> = {
  pending: 'Pending',
  success: 'Paid',
  failed: 'Failed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};
const ROLE_WORDS = { CUSTOMER: 'student', STAFF: 'kitchen staff', ADMIN: 'admin' } as const;

/** Who made a move, in words: a known person by name, the order's own student, or the system. */
export function actorWords(change: OrderStatusChange, order: Pick<Order, 'user_id'>, people: ReadonlyMap<number, AdminUser>): string {
  if (change.actor_role === 'system') return 'System (payment)';
  const person = change.actor_id === null ? undefined : people.get(change.actor_id);
  const role = ROLE_WORDS[change.actor_role];
  if (person) return `${person.fullName} (${role})`;
  if (change.actor_role === 'CUSTOMER' && change.actor_id === order.user_id) return `The student (#${order.user_id})`;
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} #${change.actor_id ?? '?'}`;
}

/** What a search box text asks for: an order or queue number, or a student by name or email. */
export function searchOf(text: string): { kind: 'recent' } | { kind: 'number'; value: number } | { kind: 'student'; q: string } {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'recent' };
  const number = /^#?\s*(\d{1,9})$/.exec(trimmed);
  if (number) return { kind: 'number', value: Number(number[1]) };
  return { kind: 'student', q: trimmed };
}
