import { Router, type Response } from 'express';
import {
  AnalyticsQuerySchema,
  CancelOrderSchema,
  CreateOrderSchema,
  IdParamSchema,
  ListOrdersQuerySchema,
  UpdateOrderStatusSchema,
} from '@canteen/contracts';
import { authenticate, parseInput, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import { orderAnalytics } from '../app/analytics.ts';
import { cancelOrder, updateStatus } from '../app/change-status.ts';
import type { OrdersDeps } from '../app/deps.ts';
import { idempotent, type Outcome } from '../app/idempotency.ts';
import { placeOrderOnce } from '../app/place-order.ts';
import { getOrder, getOrderHistory, listAllOrders, listUserOrders } from '../app/queries.ts';

const send = (res: Response, outcome: Outcome) => {
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(outcome.status).json(outcome.body);
};

/** `/api/orders/*`: the original paths (trailing slash optional), identity from the token. */
export function ordersRoutes(deps: OrdersDeps, verifier: TokenVerifier): Router {
  const router = Router();
  router.use(authenticate(verifier));
  const staff = requireRole('STAFF', 'ADMIN');
  const id = (value: unknown, name = 'id') => parseInput(IdParamSchema, value, name);

  router.post('/', async (req, res) => {
    const caller = principalOf(req);
    const input = parseInput(CreateOrderSchema, req.body);
    send(res, await placeOrderOnce(deps, caller, input, req.get('idempotency-key')));
  });
  router.get('/', staff, async (req, res) => {
    res.json(await listAllOrders(deps, parseInput(ListOrdersQuerySchema, req.query)));
  });
  // Before `/:id`, which would take it for an order id.
  router.get('/analytics', requireRole('ADMIN'), async (req, res) => {
    res.set('cache-control', 'no-store').json(await orderAnalytics(deps, parseInput(AnalyticsQuerySchema, req.query, '(query)')));
  });
  router.get('/user/:userId', async (req, res) => {
    const query = parseInput(ListOrdersQuerySchema, req.query);
    res.json(await listUserOrders(deps, principalOf(req), id(req.params.userId, 'userId'), query));
  });
  router.get('/user/:userId/active', async (req, res) => {
    const query = parseInput(ListOrdersQuerySchema, req.query);
    res.json(await listUserOrders(deps, principalOf(req), id(req.params.userId, 'userId'), { ...query, activeOnly: true }));
  });
  router.get('/:id', async (req, res) => {
    res.json(await getOrder(deps, principalOf(req), id(req.params.id)));
  });
  router.get('/:id/history', staff, async (req, res) => {
    res.json(await getOrderHistory(deps, id(req.params.id)));
  });
  router.put('/:id/status', staff, async (req, res) => {
    const caller = principalOf(req);
    const orderId = id(req.params.id);
    const input = parseInput(UpdateOrderStatusSchema, req.body);
    const { status, reason } = input;
    // The kitchen display resends bumps made while offline with their keys: a replay is the first 200, not a 409.
    send(res, await idempotent(deps, Number(caller.userId), `PUT /api/orders/${orderId}/status`, req.get('idempotency-key'), input, () =>
      updateStatus(deps, caller, orderId, status, reason),
    ));
  });
  router.delete('/:id', async (req, res) => {
    const caller = principalOf(req);
    const orderId = id(req.params.id);
    const input = parseInput(CancelOrderSchema, req.body ?? {});
    const { reason } = input;
    send(res, await idempotent(deps, Number(caller.userId), `DELETE /api/orders/${orderId}`, req.get('idempotency-key'), input, () =>
      cancelOrder(deps, caller, orderId, reason),
    ));
  });
  return router;
}
