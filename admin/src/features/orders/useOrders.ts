import type { AdminUser, Order, OrderHistory, OrderStatus, Payment } from '@canteen/contracts';
import { NotFoundError } from '@canteen/client';
import { useLoad } from '../../app/hooks.ts';
import { api } from '../../app/services.ts';
import { searchOf } from './order-words.ts';

export type SearchResult = { orders: Order[]; students: AdminUser[]; note: string };

/** Orders for what was typed: recent ones, an order id and today's-first queue numbers, or students to pick from. */
export function useOrderSearch(text: string, status: OrderStatus | '', studentId: number | null) {
  return useLoad<SearchResult>(async () => {
    if (studentId !== null) return { orders: await api.userOrders(studentId), students: [], note: `Orders of student #${studentId}` };
    const search = searchOf(text);
    if (search.kind === 'recent') {
      return { orders: await api.orders({ limit: 40, ...(status ? { status } : {}) }), students: [], note: status ? `Latest ${status} orders` : 'Latest orders' };
    }
    if (search.kind === 'student') {
      const { users } = await api.users({ q: search.q, limit: 10 });
      return { orders: [], students: users, note: `People matching “${search.q}”` };
    }
    const [byId, byNumber] = await Promise.all([
      api.order(search.value).catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err))),
      api.orders({ queue_number: search.value, limit: 20 }),
    ]);
    const orders = [...(byId ? [byId] : []), ...byNumber.filter((order) => order.id !== byId?.id)];
    return { orders, students: [], note: `Order ${search.value} and queue number ${search.value}` };
  }, [text, status, studentId]);
}

export interface OrderDetailData {
  order: Order;
  history: OrderHistory['history'];
  /** null: the order has no payment (yet). */
  payment: Payment | null;
}

export function useOrderDetail(id: number) {
  return useLoad<OrderDetailData>(async () => {
    const [order, history, payment] = await Promise.all([
      api.order(id),
      api.orderHistory(id),
      api.orderPayment(id).catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err))),
    ]);
    return { order, history: history.history, payment };
  }, [id]);
}

/** Staff and admins by id, to name who moved an order (students are named by their order). */
export function useStaffNames() {
  return useLoad<Map<number, AdminUser>>(async () => {
    const [staff, admins] = await Promise.all([api.users({ role: 'STAFF', limit: 200 }), api.users({ role: 'ADMIN', limit: 200 })]);
    return new Map([...staff.users, ...admins.users].map((user) => [user.id, user]));
  }, []);
}
