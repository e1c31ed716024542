import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createAmqpBus, queueFamily, silentLogger, type AmqpBus } from '@canteen/service-kit';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { PAYMENT_SUBSCRIPTIONS } from '../../src/service.ts';
import { collectPaymentEvents, startPayments, type PaymentEvents, type RunningPayments, type StartOptions } from '../helpers.ts';
import { paymentEventFlowSuite } from './event-flow.suite.ts';

const rabbit = await checkInfra('RabbitMQ', testUrls.amqp);

/**
 * The same flow over a real RabbitMQ. A shared broker must not mix this run with others (or
 * with a real payments service): the service gets an exchange of its own and a queue prefix,
 * so its quorum queues, bindings and dead letters are this run's alone, and are deleted after.
 */
const run = randomUUID().slice(0, 8);
const exchange = `canteen.orders.test-${run}`;
const queuePrefix = `test-${run}.`;
const collectorQueue = `test-${run}.payment-events`;
const serviceQueues = PAYMENT_SUBSCRIPTIONS.map((subscription) => `${queuePrefix}${subscription.queue}`);

/** amqplib, for peeking into dead letters and cleaning up; the kit depends on it, this package does not. */
interface RawChannel {
  get(queue: string, options: { noAck: boolean }): Promise<false | { content: Buffer }>;
  deleteQueue(queue: string): Promise<unknown>;
  deleteExchange(exchange: string): Promise<unknown>;
  on(event: 'error', listener: () => void): void;
  close(): Promise<void>;
}
interface RawConnection {
  createChannel(): Promise<RawChannel>;
  close(): Promise<void>;
}
const amqplib = createRequire(path.resolve(import.meta.dirname, '../../../../packages/service-kit/package.json'))('amqplib') as {
  connect(url: string): Promise<RawConnection>;
};

describe.skipIf(!rabbit.available)('payment events on RabbitMQ', () => {
  let bus: AmqpBus;
  let payments: RunningPayments;
  let events: PaymentEvents;
  let admin: RawConnection;
  const dead = new Map<string, unknown[]>();

  const serviceOptions = (): StartOptions => ({ exchange, queuePrefix, env: { AMQP_URL: testUrls.amqp } });

  async function withChannel<T>(fn: (channel: RawChannel) => Promise<T>): Promise<T> {
    const channel = await admin.createChannel();
    channel.on('error', () => undefined);
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  beforeAll(async () => {
    admin = await amqplib.connect(testUrls.amqp);
    bus = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), exchange, connectionName: 'payments-test' });
    events = await collectPaymentEvents(bus, collectorQueue);
    payments = await startPayments(serviceOptions());
  });

  afterAll(async () => {
    await events?.cancel();
    await payments?.stop();
    await bus?.close();
    if (admin) {
      for (const queue of [...serviceQueues, collectorQueue].flatMap((q) => queueFamily(q))) {
        await withChannel((channel) => channel.deleteQueue(queue)).catch(() => undefined);
      }
      await withChannel((channel) => channel.deleteExchange(exchange)).catch(() => undefined);
      await admin.close().catch(() => undefined);
    }
  });

  paymentEventFlowSuite('the payments event flow', () => ({
    bus,
    payments,
    events,
    queues: { initiated: serviceQueues[0]!, cancelled: serviceQueues[1]! },
    startReplica: () => startPayments({ ...serviceOptions(), dbPath: payments.dbPath, keys: payments.keys }),
    deadLetters: (queue) =>
      withChannel(async (channel) => {
        const seen = dead.get(queue) ?? [];
        dead.set(queue, seen);
        let message: false | { content: Buffer };
        while ((message = await channel.get(`${queue}.dead`, { noAck: true }))) seen.push(JSON.parse(message.content.toString('utf8')));
        return [...seen];
      }),
  }));
});
