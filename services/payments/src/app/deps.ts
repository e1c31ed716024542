import { randomBytes } from 'node:crypto';
import type { Logger } from '@canteen/service-kit';
import type { OrdersClient } from '../clients/orders.client.ts';
import type { PaymentStore } from '../store/payment.store.ts';

export interface PaymentsDeps {
  store: PaymentStore;
  /** Asked for an order's owner and total when its owner pays before payment.initiated arrived. */
  orders: OrdersClient;
  logger: Logger;
  currency: string;
  /** IANA zone the canteen's "today" is counted in (stats). */
  timeZone: string;
  /** Called after a transaction that wrote outbox rows committed, so the relay publishes now. */
  eventsWritten: () => void;
  now: () => Date;
  /** `pay_` + 12 hex; injectable so a test can force a collision-free or fixed sequence. */
  newPaymentId: () => string;
  newRefundId: () => string;
}

export const randomPaymentId = (): string => `pay_${randomBytes(6).toString('hex')}`;
export const randomRefundId = (): string => `rfd_${randomBytes(6).toString('hex')}`;
