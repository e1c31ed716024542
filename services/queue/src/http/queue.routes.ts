import { Router, type RequestHandler } from 'express';
import { AddToQueueSchema, IdParamSchema, RemoveFromQueueSchema, UpdateQueueItemSchema } from '@canteen/contracts';
import {
  authenticate,
  isStaff,
  notFound,
  optionalAuthenticate,
  parseInput,
  principalOf,
  requireRole,
  type TokenVerifier,
} from '@canteen/service-kit';
import type { QueueDeps } from '../app/deps.ts';
import { advance, assertForward, setPriority } from '../app/queue-changes.ts';
import { queueByHand, removeByHand } from '../app/staff-queue.ts';
import { toBoardItem, toQueueItem } from '../app/views.ts';
import { canteenDay } from '../domain/day.ts';
import type { OrdersClient } from '../clients/orders.client.ts';

export function queueRoutes(deps: QueueDeps, verifier: TokenVerifier, orders: OrdersClient): Router {
  const router = Router();
  const signedIn = authenticate(verifier);
  const staff = [signedIn, requireRole('STAFF', 'ADMIN')];
  const id = (value: unknown, name = 'orderId') => parseInput(IdParamSchema, value, name);

  router.post('/', ...staff, async (req, res) => {
    const input = parseInput(AddToQueueSchema, req.body);
    const entry = await queueByHand(deps, orders, { orderId: input.order_id, userId: input.user_id }, principalOf(req).token);
    const { plan } = await deps.planner.fresh();
    res.status(201).json(toQueueItem(entry, plan));
  });

  /** Staff get every order in full; anyone else the board's view (numbers and states). */
  router.get('/active', optionalAuthenticate(verifier), async (req, res) => {
    const { entries, plan } = await deps.planner.fresh();
    const ordered = [...plan.queue.map((orderId) => entries.get(orderId)!), ...[...entries.values()].filter((e) => e.status === 'ready')];
    if (req.principal && isStaff(req.principal)) res.json(ordered.map((entry) => toQueueItem(entry, plan)));
    else res.json(ordered.map(toBoardItem));
  });

  router.get('/stats', async (_req, res) => {
    const now = deps.now();
    const [day, { entries }, readyLastHour] = await Promise.all([
      deps.store.dayStats(canteenDay(now, deps.timeZone)),
      deps.planner.fresh(),
      deps.store.readyCountSince(now - 3_600_000),
    ]);
    const ready = [...entries.values()].filter((e) => e.status === 'ready').length;
    res.json({
      total_orders_today: day.ordersToday,
      average_wait_time: day.waitCount ? Math.round((day.waitSumMs / day.waitCount / 60_000) * 10) / 10 : 0,
      active_orders_count: entries.size - ready,
      throughput_last_hour: readyLastHour,
      ready_count: ready,
    });
  });

  router.get('/order/:orderId', signedIn, async (req, res) => {
    const orderId = id(req.params.orderId);
    const caller = principalOf(req);
    const { entries, plan } = await deps.planner.fresh();
    const entry = entries.get(orderId);
    // Another student's order is "not found": order ids are not a way to look at people.
    if (!entry || (!isStaff(caller) && entry.userId !== Number(caller.userId))) throw notFound('queue item not found');
    res.json(toQueueItem(entry, plan));
  });

  router.put('/order/:orderId', ...staff, async (req, res) => {
    const orderId = id(req.params.orderId);
    const input = parseInput(UpdateQueueItemSchema, req.body);
    let entry = await deps.store.getEntry(orderId);
    if (!entry) throw notFound('queue item not found');
    if (input.status && input.status !== entry.status) {
      assertForward(entry, input.status);
      if (input.status !== 'waiting') {
        await orders.setStatus(orderId, input.status, principalOf(req).token);
        entry = (await advance(deps, orderId, input.status, deps.now())) ?? entry;
      }
    }
    if (input.priority !== undefined && entry.status !== 'completed') entry = await setPriority(deps, orderId, input.priority);
    const { plan } = await deps.planner.fresh();
    res.json(toQueueItem(entry, plan));
  });

  router.delete('/order/:orderId', ...staff, async (req, res) => {
    const orderId = id(req.params.orderId);
    const input = parseInput(RemoveFromQueueSchema, req.body ?? {});
    const status = await removeByHand(deps, orders, orderId, input, principalOf(req).token);
    res.json({ message: 'Order removed from queue successfully', order_id: orderId, order_status: status });
  });
  return router;
}
