import amqplib, { type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmqpBus, type AmqpBus } from '../../src/bus/amqp.bus.ts';
import type { BusMessage } from '../../src/bus/bus.ts';
import { DEFAULT_RETRY_DELAYS_MS, type DeadLetter } from '../../src/bus/failure.ts';
import { queueFamily } from '../../src/bus/shared.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { busContract, TEST_RETRY_DELAYS_MS, type MakeBus } from './bus.contract.ts';
import { busFailureContract } from './bus.failures.contract.ts';
import { newId, testLogger, unique, waitFor } from './helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);

/**
 * A side connection of the test's own, to publish what the bus would refuse and clean up.
 * Each call opens a channel of its own, because a broker error on a channel kills that channel.
 */
class Admin {
  private connection: ChannelModel | undefined;

  async use<T>(fn: (channel: amqplib.Channel) => Promise<T>): Promise<T> {
    this.connection ??= await amqplib.connect(testUrls.amqp);
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** The queues and their dead-letter and retry queues (the delays the tests use). */
  async deleteQueues(queues: string[]): Promise<void> {
    for (const queue of queues.flatMap((q) => queueFamily(q, [...TEST_RETRY_DELAYS_MS, ...DEFAULT_RETRY_DELAYS_MS]))) {
      await this.use((channel) => channel.deleteQueue(queue)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
  }
}

describe.skipIf(!amqp.available)('AMQP bus on RabbitMQ', () => {
  // An exchange of this file's own, so other tests bound to canteen.orders never see our events.
  const exchange = `canteen.test.${unique()}`;
  const admin = new Admin();
  const makeBus = (maxDeliveries: number, retryDelaysMs: number[] = TEST_RETRY_DELAYS_MS) =>
    createAmqpBus({ url: testUrls.amqp, logger: testLogger(), exchange, maxDeliveries, retryDelaysMs, connectionName: 'service-kit-test' });
  const makeContractBus: MakeBus = async ({ maxDeliveries, retryDelaysMs }) => {
    const bus = await makeBus(maxDeliveries, retryDelaysMs);
    return {
      bus,
      async dispose(queues) {
        await bus.close();
        await admin.deleteQueues(queues);
      },
    };
  };

  afterAll(async () => {
    await admin.use((channel) => channel.deleteExchange(exchange)).catch(() => undefined);
    await admin.close();
  });

  busContract('AMQP bus', makeContractBus);
  busFailureContract('AMQP bus', makeContractBus);

  describe('what only RabbitMQ shows', () => {
    let bus: AmqpBus;
    const queues: string[] = [];
    beforeAll(async () => {
      bus = await makeBus(3);
    });
    afterAll(async () => {
      await bus?.close();
      await admin.deleteQueues(queues);
    });

    it('when a subscription starts, then its queue is a quorum queue with a delivery limit and at-least-once dead-lettering', async () => {
      const queue = `amqp.${unique()}.topology`;
      queues.push(queue);
      await bus.subscribe({ queue, routingKeys: ['x.y'], handler: async () => undefined, maxDeliveries: 4 });
      // Redeclaring with other arguments fails with 406, so this passing proves the arguments.
      await admin.use((channel) =>
        channel.assertQueue(queue, {
          durable: true,
          arguments: {
            'x-queue-type': 'quorum',
            'x-dead-letter-exchange': 'canteen.dlx',
            'x-dead-letter-routing-key': `${queue}.dead`,
            'x-dead-letter-strategy': 'at-least-once',
            'x-overflow': 'reject-publish',
            'x-delivery-limit': 3,
          },
        }),
      );
      await admin.use((channel) => channel.assertQueue(`${queue}.dead`, { durable: true, arguments: { 'x-queue-type': 'quorum' } }));
    });

    it('when a message is not JSON, then it goes straight to the dead letters without reaching the handler', async () => {
      const queue = `amqp.${unique()}.malformed`;
      queues.push(queue);
      const routingKey = `${unique()}.order.created`;
      const got: BusMessage[] = [];
      await bus.subscribe({ queue, routingKeys: [routingKey], handler: async (m) => void got.push(m) });
      const badId = newId();
      await admin.use(async (channel) => {
        channel.publish(exchange, routingKey, Buffer.from('{"not json'), { messageId: badId, persistent: true });
      });
      const goodId = newId();
      await bus.publish(routingKey, { ok: true }, { messageId: goodId });

      await waitFor(() => got.some((m) => m.messageId === goodId), 'the good message');
      let dead: DeadLetter[] = [];
      await waitFor(async () => (dead = await bus.listDeadLetters(queue)).length > 0, 'the dead letter');
      expect(dead.map((d) => [d.messageId, d.reason, d.body])).toEqual([[badId, 'malformed', '{"not json']]);
      expect(dead[0]!.error).toMatch(/JSON/);
      expect(got.map((m) => m.messageId)).toEqual([goodId]);
    });

    it('when someone deletes the queue under a consumer, then the bus reports it, redeclares it and consumes again', async () => {
      const healing = await createAmqpBus({ url: testUrls.amqp, logger: testLogger(), exchange, reconnectSeconds: 1 });
      try {
        const queue = `amqp.${unique()}.deleted`;
        queues.push(queue);
        const routingKey = `${unique()}.order.created`;
        const got: string[] = [];
        await healing.subscribe({ queue, routingKeys: [routingKey], handler: async (m) => void got.push(m.messageId) });
        await admin.use((channel) => channel.deleteQueue(queue));

        await waitFor(() => !healing.health().ok, 'health to report the broken consumer');
        await waitFor(() => healing.health().ok, 'the consumer to come back');
        const id = newId();
        await healing.publish(routingKey, {}, { messageId: id });
        await waitFor(() => got.includes(id), 'the delivery on the redeclared queue');
      } finally {
        await healing.close();
      }
    });

    it('when an event is published, then it is a persistent JSON message with id and timestamp', async () => {
      const queue = `amqp.${unique()}.props`;
      queues.push(queue);
      const routingKey = `${unique()}.order.created`;
      // Subscribing declares and binds the queue; without a consumer the message stays for us to read.
      const subscription = await bus.subscribe({ queue, routingKeys: [routingKey], handler: async () => undefined });
      await subscription.cancel();

      const messageId = newId();
      await bus.publish(routingKey, { a: 1 }, { messageId });
      let message: GetMessage | false = false;
      await waitFor(async () => (message = await admin.use((channel) => channel.get(queue, { noAck: true }))) !== false, 'the message');
      const got = message as GetMessage | false;
      if (!got) throw new Error('unreachable');
      expect(got.properties).toMatchObject({ messageId, contentType: 'application/json', deliveryMode: 2 });
      expect(typeof got.properties.timestamp).toBe('number');
      expect(JSON.parse(got.content.toString('utf8'))).toEqual({ a: 1 });
    });
  });
});
