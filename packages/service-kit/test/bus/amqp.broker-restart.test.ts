import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqplib from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { createAmqpBus, type AmqpBus } from '../../src/bus/amqp.bus.ts';
import { queueFamily } from '../../src/bus/shared.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { newId, testLogger, unique, waitFor } from './helpers.ts';

/**
 * Restarts the shared broker: run this file on its own (the `*.broker-restart.test.ts` phase),
 * never next to other tests that use RabbitMQ.
 */
const amqp = await checkInfra('RabbitMQ', testUrls.amqp);
const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 60_000 });

describe.skipIf(!amqp.available)('AMQP bus across a broker restart', () => {
  const exchange = `canteen.test.${unique()}`;
  const queue = `restart.${unique()}`;
  let bus: AmqpBus | undefined;
  let stopped = false;

  afterAll(async () => {
    // Whatever happened, leave the shared broker running.
    if (stopped) await rabbitmqctl('start_app');
    await rabbitmqctl('await_startup');
    await bus?.close();
    const connection = await amqplib.connect(testUrls.amqp);
    const channel = await connection.createChannel();
    for (const name of queueFamily(queue)) await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await connection.close();
  }, 120_000);

  it('when RabbitMQ restarts, then a publish made while it was down is delivered once it is back', async () => {
    bus = await createAmqpBus({
      url: testUrls.amqp,
      logger: testLogger(),
      exchange,
      reconnectSeconds: 1,
      heartbeatSeconds: 2,
      publishTimeoutMs: 100_000,
    });
    const routingKey = `${unique()}.order.ready`;
    const got: unknown[] = [];
    await bus.subscribe({ queue, routingKeys: [routingKey], handler: async (m) => void got.push(m.body) });
    await bus.publish(routingKey, { n: 1 }, { messageId: newId() });
    await waitFor(() => got.length === 1, 'the message before the restart');
    expect(bus.health().ok).toBe(true);

    let outcome: 'pending' | 'confirmed' | Error = 'pending';
    let published: Promise<void>;
    try {
      stopped = true;
      await rabbitmqctl('stop_app');
      const current = bus;
      await waitFor(() => !current.health().ok, 'health to report the outage', { timeoutMs: 30_000 });

      published = bus.publish(routingKey, { n: 2 }, { messageId: newId() });
      published.then(
        () => (outcome = 'confirmed'),
        (err: Error) => (outcome = err),
      );
      // A confirm cannot come from a stopped broker: the publish must still be waiting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outcome).toBe('pending');
    } finally {
      await rabbitmqctl('start_app');
      stopped = false;
    }
    await rabbitmqctl('await_startup');

    await published;
    expect(outcome).toBe('confirmed');
    const current = bus;
    await waitFor(() => current.health().ok, 'health to report the broker back', { timeoutMs: 60_000 });
    await waitFor(() => got.length === 2, 'the message published during the outage', { timeoutMs: 60_000 });
    expect(got).toEqual([{ n: 1 }, { n: 2 }]);
  }, 120_000);
});
