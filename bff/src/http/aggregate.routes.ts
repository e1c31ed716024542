import { Router } from 'express';
import { z } from 'zod';
import { OrderSchema, PaymentStatsSchema, QueueItemSchema, QueueStatsSchema } from '@canteen/contracts';
import { authenticate, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import { activeOrders, adminOverview, kitchenTickets } from '../app/aggregates.ts';
import { callJson, optional } from '../clients/upstream-json.ts';
import type { Upstream } from '../clients/upstream.ts';

interface Services {
  orders: Upstream;
  queue: Upstream;
  payments: Upstream;
  menu: Upstream;
}

const Orders = z.array(OrderSchema);
const QueueItems = z.array(QueueItemSchema);
// The overview counts dishes and the sold-out ones: that is all it reads of the menu.
const MenuAvailability = z.array(z.object({ available: z.boolean() }));

/**
 * What the apps need in one call: the student's active orders with their place in the queue,
 * the kitchen's tickets, and the admin's overview. Each service still checks the caller's
 * token and role itself; the BFF fetches (answers checked against the contracts) and
 * `app/aggregates.ts` puts them together.
 */
export function aggregateRoutes(services: Services, verifier: TokenVerifier, now: () => number = Date.now): Router {
  const router = Router();
  const signedIn = authenticate(verifier);

  router.get('/me/orders/active', signedIn, async (req, res) => {
    const me = principalOf(req).userId;
    const [orders, queue] = await Promise.all([
      callJson(Orders, services.orders, req, `/api/orders/user/${me}/active`),
      // One call for all of them: the caller's own entries.
      optional(callJson(QueueItems, services.queue, req, '/api/queue/mine')),
    ]);
    res.json(activeOrders(orders, queue));
  });

  router.get('/kitchen/tickets', signedIn, requireRole('STAFF', 'ADMIN'), async (req, res) => {
    const [confirmed, preparing, ready, queue] = await Promise.all([
      callJson(Orders, services.orders, req, '/api/orders/?status=confirmed&limit=500'),
      callJson(Orders, services.orders, req, '/api/orders/?status=preparing&limit=500'),
      callJson(Orders, services.orders, req, '/api/orders/?status=ready&limit=500'),
      optional(callJson(QueueItems, services.queue, req, '/api/queue/active')),
    ]);
    res.json(kitchenTickets([...confirmed, ...preparing, ...ready], queue, now()));
  });

  router.get('/admin/overview', signedIn, requireRole('ADMIN'), async (req, res) => {
    const [payments, queue, menu, recent] = await Promise.all([
      optional(callJson(PaymentStatsSchema, services.payments, req, '/api/payments/stats')),
      optional(callJson(QueueStatsSchema, services.queue, req, '/api/queue/stats')),
      optional(callJson(MenuAvailability, services.menu, req, '/api/menu/items')),
      optional(callJson(Orders, services.orders, req, '/api/orders/?limit=500')),
    ]);
    res.json(adminOverview({ payments, queue, menu, recent }));
  });
  return router;
}
