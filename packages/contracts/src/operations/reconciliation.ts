import { z } from 'zod';
import { PaymentMethodSchema } from '../orders/orders.ts';
import { PaymentStatusSchema } from '../orders/payments.ts';

/**
 * The payments of some orders, as the orders service's reconciliation reads them from the
 * payments service (`GET /internal/payments?order_ids=1,2,3`, service token). An order with
 * no payment is absent.
 */
export const OrderPaymentsQuerySchema = z.object({
  order_ids: z
    .string()
    .regex(/^[1-9]\d{0,15}(,[1-9]\d{0,15}){0,199}$/, 'a comma-separated list of up to 200 order ids')
    .transform((ids) => [...new Set(ids.split(',').map(Number))]),
});

export const OrderPaymentSummarySchema = z.object({
  order_id: z.number().int(),
  user_id: z.number().int(),
  payment_id: z.string(),
  status: PaymentStatusSchema,
  amount: z.number(),
  payment_method: PaymentMethodSchema,
  failure_reason: z.string().nullable(),
});
export type OrderPaymentSummary = z.infer<typeof OrderPaymentSummarySchema>;

export const OrderPaymentsResponseSchema = z.object({ payments: z.array(OrderPaymentSummarySchema) });
export type OrderPaymentsResponse = z.infer<typeof OrderPaymentsResponseSchema>;
