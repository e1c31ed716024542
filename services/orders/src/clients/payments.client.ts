import { OrderPaymentsResponseSchema, type OrderPaymentSummary } from '@canteen/contracts';
import { SERVICE_TOKEN_HEADER } from '@canteen/service-kit';
import type { PaymentsLookup } from '../app/reconcile-payments.ts';

/** The payments service's `/internal/payments`, with the shared service token. */
export function createPaymentsClient(options: { baseUrl: string; serviceToken: string; timeoutMs: number }): PaymentsLookup {
  const base = options.baseUrl.replace(/\/$/, '');
  return {
    async paymentsOf(orderIds: number[]): Promise<OrderPaymentSummary[]> {
      if (orderIds.length === 0) return [];
      const response = await fetch(`${base}/internal/payments?order_ids=${orderIds.join(',')}`, {
        headers: { [SERVICE_TOKEN_HEADER]: options.serviceToken, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw new Error(`the payments service answered ${response.status} to a payments lookup`);
      return OrderPaymentsResponseSchema.parse(await response.json()).payments;
    },
  };
}
