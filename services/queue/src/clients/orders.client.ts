import { ActiveOrdersSnapshotSchema, OrderSchema, type ActiveOrdersSnapshot, type Order } from '@canteen/contracts';
import { AppError, SERVICE_TOKEN_HEADER } from '@canteen/service-kit';

const ORDER_STATUS_FOR = { preparing: 'preparing', ready: 'ready', completed: 'completed' } as const;

type UpstreamError = { error?: { code?: string; message?: string } };

/**
 * The orders service owns an order: its status, its number, its money. A queue change made
 * here (the original API's way) goes to it with the caller's own token, so the order, its
 * events, the refund and the "ready" push stay in step; the queue then follows the event like
 * any other change. The reconciler reads the kitchen's orders with the service token.
 */
export function createOrdersClient(baseUrl: string, timeoutMs: number, serviceToken?: string) {
  const base = baseUrl.replace(/\/$/, '');

  /** The answer, or undefined for a 404; other refusals keep their status and message. */
  async function call(path: string, init: { method: string; headers: Record<string, string>; body?: unknown }): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: init.method,
        headers: { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AppError(503, 'SERVICE_UNAVAILABLE', 'The orders service is unavailable');
    }
    if (response.status === 404) return undefined;
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (response.ok) return body;
    if (response.status >= 500) throw new AppError(502, 'UPSTREAM_ERROR', 'The orders service failed to answer');
    const error = (body as UpstreamError | undefined)?.error;
    throw new AppError(response.status, error?.code ?? 'UPSTREAM_REFUSED', error?.message ?? 'The orders service refused');
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const order = (body: unknown): Order | undefined => (body === undefined ? undefined : OrderSchema.parse(body));

  return {
    /** Returns false when the orders service does not know the order. */
    async setStatus(orderId: number, status: keyof typeof ORDER_STATUS_FOR, token: string): Promise<boolean> {
      return (await call(`/api/orders/${orderId}/status`, { method: 'PUT', headers: bearer(token), body: { status: ORDER_STATUS_FOR[status] } })) !== undefined;
    },
    /** The order as its owner or staff sees it; undefined when there is none. */
    async getOrder(orderId: number, token: string): Promise<Order | undefined> {
      return order(await call(`/api/orders/${orderId}`, { method: 'GET', headers: bearer(token) }));
    },
    /** Staff cancel an order (the payments service refunds what was paid); false when there is none. */
    async cancel(orderId: number, token: string, reason: string): Promise<boolean> {
      return (await call(`/api/orders/${orderId}`, { method: 'DELETE', headers: bearer(token), body: { reason } })) !== undefined;
    },
    /**
     * Every order in the kitchen's hands, read a page at a time (by id, so nothing is skipped
     * or repeated while orders move on); needs the service token. `complete` only when every
     * page was read.
     */
    async kitchenSnapshot(pageSize = 2000): Promise<ActiveOrdersSnapshot> {
      if (!serviceToken) throw new Error('SERVICE_TOKEN is not set: the orders service cannot be asked for its snapshot');
      const orders: Order[] = [];
      let afterId = 0;
      let takenAt: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ after_id: String(afterId), limit: String(pageSize) });
        const body = await call(`/internal/orders/active?${query}`, { method: 'GET', headers: { [SERVICE_TOKEN_HEADER]: serviceToken } });
        if (body === undefined) throw new AppError(502, 'UPSTREAM_ERROR', 'The orders service has no snapshot route (is SERVICE_TOKEN set there?)');
        const page = ActiveOrdersSnapshotSchema.parse(body);
        orders.push(...page.orders);
        takenAt ??= page.taken_at;
        // An orders service without the cursor gives no next page: what it sent is all there is.
        if (page.complete || typeof page.next_after_id !== 'number' || page.next_after_id <= afterId) {
          return { orders, complete: page.complete, taken_at: takenAt };
        }
        afterId = page.next_after_id;
      }
    },
  };
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
