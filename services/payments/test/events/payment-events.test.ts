import { createInProcessBus, silentLogger, type InProcessBus } from '@canteen/service-kit';
import { afterAll, beforeAll } from 'vitest';
import { collectPaymentEvents, startPayments, type PaymentEvents, type RunningPayments } from '../helpers.ts';
import { paymentEventFlowSuite } from './event-flow.suite.ts';

let bus: InProcessBus;
let payments: RunningPayments;
let events: PaymentEvents;

beforeAll(async () => {
  bus = createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 1 });
  payments = await startPayments({ bus });
  events = await collectPaymentEvents(bus);
});
afterAll(async () => {
  await events?.cancel();
  await payments?.stop();
  await bus?.close();
});

paymentEventFlowSuite('payment events on the in-process bus', () => ({
  bus,
  payments,
  events,
  queues: { initiated: 'payments.payment-initiated', cancelled: 'payments.order-cancelled' },
  // A replica: the same database file and bus, competing for the same queues.
  startReplica: () => startPayments({ bus, dbPath: payments.dbPath, keys: payments.keys }),
  deadLetters: async (queue) => bus.deadLetters(queue),
}));

