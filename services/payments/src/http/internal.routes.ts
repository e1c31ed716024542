import { OrderPaymentsQuerySchema, type OrderPaymentsResponse } from '@canteen/contracts';
import { parseInput, requireServiceToken } from '@canteen/service-kit';
import { Router } from 'express';
import type { PaymentsDeps } from '../app/deps.ts';

/**
 * Service-to-service routes at `/internal` (never under `/api`: the BFF does not forward it).
 * The orders service's reconciliation reads the payments of orders that look stuck.
 */
export function internalRoutes(deps: PaymentsDeps, serviceToken: string): Router {
  const router = Router();
  router.use(requireServiceToken(serviceToken));
  router.get('/payments', async (req, res) => {
    const { order_ids: orderIds } = parseInput(OrderPaymentsQuerySchema, req.query, '(query)');
    const found = await Promise.all(orderIds.map((id) => deps.store.getByOrderId(id)));
    const payments = found.flatMap((payment) =>
      payment
        ? [
            {
              order_id: payment.orderId,
              user_id: payment.userId,
              payment_id: payment.paymentId,
              status: payment.status,
              amount: payment.amountMinor / 100,
              payment_method: payment.method,
              failure_reason: payment.failureReason,
            },
          ]
        : [],
    );
    res.json({ payments } satisfies OrderPaymentsResponse);
  });
  return router;
}
