import { AppError } from '@canteen/service-kit';

const ORDER_STATUS_FOR = { preparing: 'preparing', ready: 'ready', completed: 'completed' } as const;

/**
 * The orders service owns an order's status. A queue status change made here (the original
 * API's way) is passed on to it with the caller's own token, so the order, its events and
 * the "ready" push stay in step; the queue then follows the event like any other change.
 * Returns false when the orders service does not know the order (an entry added by hand).
 */
export function createOrdersClient(baseUrl: string, timeoutMs: number) {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async setStatus(orderId: number, status: keyof typeof ORDER_STATUS_FOR, token: string): Promise<boolean> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/orders/${orderId}/status`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: ORDER_STATUS_FOR[status] }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        throw new AppError(503, 'SERVICE_UNAVAILABLE', 'The orders service is unavailable');
      }
      if (response.status === 404) return false;
      if (response.ok) return true;
      const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
      if (response.status >= 500) throw new AppError(502, 'UPSTREAM_ERROR', 'The orders service failed to answer');
      throw new AppError(response.status, body?.error?.code ?? 'UPSTREAM_REFUSED', body?.error?.message ?? 'The orders service refused');
    },
  };
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
