import { OrderSchema, type Order } from '@canteen/contracts';
import { AppError, notFound, serviceUnavailable } from '@canteen/service-kit';

/** What the payments service needs to know of an order before it takes a customer's money. */
export type OrderFacts = Pick<Order, 'id' | 'user_id' | 'total_amount' | 'payment_method' | 'status'>;

const OrderFactsSchema = OrderSchema.pick({ id: true, user_id: true, total_amount: true, payment_method: true, status: true });

/**
 * The orders service owns an order's owner and total. A customer's own payment request can
 * arrive before `payment.initiated` (the order loop is asynchronous), so the payments service
 * asks the orders service, with the customer's own token: the orders service's rules decide
 * who may see the order (another customer's order is its 404), and the amount is never the
 * client's word.
 */
export function createOrdersClient(baseUrl: string, timeoutMs: number) {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async orderOf(orderId: number, token: string): Promise<OrderFacts> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/orders/${orderId}`, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw serviceUnavailable('The orders service is unavailable');
      }
      const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
      if (response.status === 404) throw notFound(`Order ${orderId} not found`);
      if (response.status >= 500) throw new AppError(502, 'UPSTREAM_ERROR', 'The orders service failed to answer');
      if (!response.ok) {
        throw new AppError(response.status, body?.error?.code ?? 'UPSTREAM_REFUSED', body?.error?.message ?? 'The orders service refused');
      }
      const parsed = OrderFactsSchema.safeParse(body);
      if (!parsed.success) throw new AppError(502, 'UPSTREAM_ERROR', 'The orders service answered with something that is not an order');
      return parsed.data;
    },
  };
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
