import { Router, type Request } from 'express';
import type { ActiveOrder, KitchenTicket, KitchenTickets, Order, QueueItem } from '@canteen/contracts';
import { AppError, authenticate, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import type { Upstream } from '../clients/upstream.ts';

interface Services {
  orders: Upstream;
  queue: Upstream;
  payments: Upstream;
  menu: Upstream;
}

/** Calls a service as the caller (their token) and returns its JSON, or throws its error. */
export async function callJson<T>(service: Upstream, req: Request, path: string, post?: { body: unknown }): Promise<T> {
  const response = await service.send({
    method: post ? 'POST' : 'GET',
    path,
    ...(post ? { body: post.body } : {}),
    headers: { authorization: req.headers.authorization, accept: 'application/json' },
    requestId: String(req.id),
    clientIp: req.ip,
  });
  const text = response.body.toString('utf8');
  if (response.status >= 500) throw new AppError(502, 'UPSTREAM_ERROR', `The ${service.name} service failed to answer`);
  if (response.status >= 400) {
    const body = JSON.parse(text || '{}') as { error?: { code?: string; message?: string } };
    throw new AppError(response.status, body.error?.code ?? 'UPSTREAM_REFUSED', body.error?.message ?? `${service.name} refused`);
  }
  return JSON.parse(text) as T;
}

/** A part that may be missing (its service is down) without failing the whole answer. */
async function optional<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch {
    return null;
  }
}

/**
 * What the apps need in one call: the student's active orders with their place in the queue,
 * the kitchen's tickets, and the admin's overview. Each service still checks the caller's
 * token and role itself; the BFF only puts the answers together.
 */
export function aggregateRoutes(services: Services, verifier: TokenVerifier): Router {
  const router = Router();
  const signedIn = authenticate(verifier);

  router.get('/me/orders/active', signedIn, async (req, res) => {
    const me = principalOf(req).userId;
    const orders = await callJson<Order[]>(services.orders, req, `/api/orders/user/${me}/active`);
    const withQueue: ActiveOrder[] = await Promise.all(
      orders.map(async (order) => {
        const queue = await optional(callJson<QueueItem>(services.queue, req, `/api/queue/order/${order.id}`));
        // The queue service gives the number; the order itself does not know it.
        return { ...order, queue_number: order.queue_number ?? queue?.queue_number ?? null, queue };
      }),
    );
    res.json(withQueue);
  });

  router.get('/kitchen/tickets', signedIn, requireRole('STAFF', 'ADMIN'), async (req, res) => {
    const [confirmed, preparing, ready, queue] = await Promise.all([
      callJson<Order[]>(services.orders, req, '/api/orders/?status=confirmed&limit=500'),
      callJson<Order[]>(services.orders, req, '/api/orders/?status=preparing&limit=500'),
      callJson<Order[]>(services.orders, req, '/api/orders/?status=ready&limit=500'),
      optional(callJson<QueueItem[]>(services.queue, req, '/api/queue/active')),
    ]);
    const byOrder = new Map((queue ?? []).map((item) => [item.order_id, item]));
    const now = Date.now();
    const tickets: KitchenTicket[] = [...confirmed, ...preparing, ...ready].map((order) => {
      const item = byOrder.get(order.id) ?? null;
      return {
        ...order,
        queue_number: order.queue_number ?? item?.queue_number ?? null,
        age_seconds: Math.max(0, Math.round((now - Date.parse(order.created_at)) / 1000)),
        queue: item,
      };
    });
    // Kitchen order: the queue's order where known (position 0 = ready goes last), then age.
    tickets.sort((a, b) => {
      const pa = a.queue ? a.queue.position || Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1;
      const pb = b.queue ? b.queue.position || Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1;
      return pa - pb || b.age_seconds - a.age_seconds;
    });
    // All-day counts: how many of each dish the kitchen still has to make.
    const allDay = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket.status === 'ready') continue;
      for (const item of ticket.items) allDay.set(item.item_name, (allDay.get(item.item_name) ?? 0) + item.quantity);
    }
    const answer: KitchenTickets = { tickets, all_day: Object.fromEntries([...allDay].sort((a, b) => b[1] - a[1])), queue_available: queue !== null };
    res.json(answer);
  });

  router.get('/admin/overview', signedIn, requireRole('ADMIN'), async (req, res) => {
    const [payments, queue, menu, recent] = await Promise.all([
      optional(callJson<unknown>(services.payments, req, '/api/payments/stats')),
      optional(callJson<unknown>(services.queue, req, '/api/queue/stats')),
      optional(callJson<{ available: boolean }[]>(services.menu, req, '/api/menu/items')),
      optional(callJson<Order[]>(services.orders, req, '/api/orders/?limit=500')),
    ]);
    const byStatus: Record<string, number> = {};
    for (const order of recent ?? []) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    res.json({
      payments,
      queue,
      menu: menu ? { items: menu.length, sold_out: menu.filter((item) => !item.available).length } : null,
      recent_orders_by_status: recent ? byStatus : null,
    });
  });
  return router;
}
