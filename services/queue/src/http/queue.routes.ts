import { Router } from 'express';
import { AddToQueueSchema, IdParamSchema, RemoveFromQueueSchema, UpdateQueueItemSchema } from '@canteen/contracts';
import { authenticate, optionalAuthenticate, parseInput, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import type { QueueDeps } from '../app/deps.ts';
import { activeQueue, queueItemOf, queueItemsOf, queueStats } from '../app/queue-reads.ts';
import { queueByHand, removeByHand, updateByHand } from '../app/staff-queue.ts';
import type { OrdersClient } from '../clients/orders.client.ts';

/** The queue's HTTP face: parse with the contracts, call the use case, answer. */
export function queueRoutes(deps: QueueDeps, verifier: TokenVerifier, orders: OrdersClient): Router {
  const router = Router();
  const signedIn = authenticate(verifier);
  const staff = [signedIn, requireRole('STAFF', 'ADMIN')];
  const id = (value: unknown, name = 'orderId') => parseInput(IdParamSchema, value, name);

  router.post('/', ...staff, async (req, res) => {
    const input = parseInput(AddToQueueSchema, req.body);
    res.status(201).json(await queueByHand(deps, orders, { orderId: input.order_id, userId: input.user_id }, principalOf(req).token));
  });

  /** Staff get every order in full; anyone else the board's view (numbers and states). */
  router.get('/active', optionalAuthenticate(verifier), async (req, res) => {
    res.json(await activeQueue(deps, req.principal));
  });

  router.get('/stats', async (_req, res) => {
    res.json(await queueStats(deps));
  });

  /** The caller's own orders in the queue, in one call (the student app's active orders). */
  router.get('/mine', signedIn, async (req, res) => {
    res.json(await queueItemsOf(deps, principalOf(req)));
  });

  router.get('/order/:orderId', signedIn, async (req, res) => {
    res.json(await queueItemOf(deps, id(req.params.orderId), principalOf(req)));
  });

  router.put('/order/:orderId', ...staff, async (req, res) => {
    const orderId = id(req.params.orderId);
    const input = parseInput(UpdateQueueItemSchema, req.body);
    res.json(await updateByHand(deps, orders, orderId, input, principalOf(req).token));
  });

  router.delete('/order/:orderId', ...staff, async (req, res) => {
    const orderId = id(req.params.orderId);
    const input = parseInput(RemoveFromQueueSchema, req.body ?? {});
    const status = await removeByHand(deps, orders, orderId, input, principalOf(req).token);
    res.json({ message: 'Order removed from queue successfully', order_id: orderId, order_status: status });
  });
  return router;
}
