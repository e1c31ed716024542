import amqplib from 'amqplib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAmqpBus, type AmqpBus } from '../../src/bus/amqp.bus.ts';
import { queueFamily } from '../../src/bus/shared.ts';
import { deleteQueues, queueExists } from '../../src/testing/broker.ts';
import { CuttableProxy } from '../../src/testing/cuttable-proxy.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { newId, testLogger, unique, waitFor } from './helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);

describe.skipIf(!amqp.available)('AMQP bus when the broker is away', () => {
  const exchange = `canteen.test.${unique()}`;
  const queues: string[] = [];
  let proxy: CuttableProxy;
  let bus: AmqpBus | undefined;

  beforeEach(async () => {
    proxy = new CuttableProxy(new URL(testUrls.amqp));
    await proxy.up();
  });
  afterEach(async () => {
    await proxy.up(); // so close() finds the broker, whatever the test left
    await bus?.close();
    bus = undefined;
    await proxy.cut();
  });
  afterAll(async () => {
    const connection = await amqplib.connect(testUrls.amqp);
    const channel = await connection.createChannel();
    for (const queue of queues.flatMap((q) => queueFamily(q))) await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  const connect = (publishTimeoutMs: number) =>
    createAmqpBus({ url: proxy.url, logger: testLogger(), exchange, reconnectSeconds: 1, heartbeatSeconds: 2, publishTimeoutMs });

  it('when the connection is lost, then publish waits, completes after the reconnect and the consumer resumes', async () => {
    const current = (bus = await connect(60_000));
    const queue = `outage.${unique()}`;
    queues.push(queue);
    const routingKey = `${unique()}.order.ready`;
    const got: unknown[] = [];
    await current.subscribe({ queue, routingKeys: [routingKey], handler: async (m) => void got.push(m.body) });

    await proxy.cut();
    await waitFor(() => !current.health().ok, 'health to report the outage');
    let outcome: string = 'pending';
    const published = current.publish(routingKey, { n: 1 }, { messageId: newId() });
    published.then(
      () => (outcome = 'confirmed'),
      (err: Error) => (outcome = err.message),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outcome).toBe('pending');

    await proxy.up();
    await published;
    await waitFor(() => got.length === 1, 'the delivery after the reconnect');
    expect(got).toEqual([{ n: 1 }]);
    await waitFor(() => current.health().ok, 'health to recover');
  });

  it('when the broker stays away longer than publishTimeoutMs, then publish rejects and works again later', async () => {
    const current = (bus = await connect(1000));
    await proxy.cut();
    await waitFor(() => !current.health().ok, 'health to report the outage');
    await expect(current.publish(`${unique()}.order.ready`, {}, { messageId: newId() })).rejects.toThrow(
      /not confirmed within 1000 ms/,
    );

    await proxy.up();
    await waitFor(() => current.health().ok, 'the reconnect');
    await current.publish(`${unique()}.order.ready`, {}, { messageId: newId() });
  });

  it('when the connection is lost and comes back, then onResumed is called once (not at the start) and messages flow on a new queue', async () => {
    const current = (bus = await connect(60_000));
    const routingKey = `${unique()}.user.sessions_revoked`;
    const got: unknown[] = [];
    let resumed = 0;
    await current.subscribe({
      queue: `resume.${unique()}`,
      perInstance: true,
      routingKeys: [routingKey],
      handler: async (m) => void got.push(m.body),
      onResumed: () => void resumed++,
    });
    expect(resumed).toBe(0);

    await proxy.cut();
    await waitFor(() => !current.health().ok, 'health to report the outage');
    await proxy.up();
    await waitFor(() => resumed === 1, 'onResumed after the reconnect');
    await current.publish(routingKey, { n: 2 }, { messageId: newId() });
    await waitFor(() => got.length === 1, 'the delivery on the new queue');
    expect(got).toEqual([{ n: 2 }]);
    expect(resumed).toBe(1);
  });

});

describe.skipIf(!amqp.available)('a per-instance subscription that replaces a shared queue', () => {
  const exchange = `canteen.test.${unique()}`;
  const buses: AmqpBus[] = [];
  const left: string[] = [];
  afterAll(async () => {
    for (const bus of buses) await bus.close();
    await deleteQueues(testUrls.amqp, left, exchange);
  });

  const open = async () => {
    const bus = await createAmqpBus({ url: testUrls.amqp, logger: testLogger(), exchange });
    buses.push(bus);
    return bus;
  };
  /** Which of `names` the broker has. */
  async function existing(names: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const name of names) if (await queueExists(testUrls.amqp, name)) found.push(name);
    return found;
  }

  it('when the old durable queue (with its dead letters and retries) is left on the broker, then the start deletes it; a second start finds nothing and is fine', async () => {
    const old = `old.sessions-revoked.${unique()}`;
    left.push(old); // deleted by the test if it works
    // What a version before per-instance queues left: a durable queue family (dead letters, retries).
    const legacy = await open();
    const legacySub = await legacy.subscribe({ queue: old, routingKeys: [`${unique()}.none`], handler: async () => undefined });
    await legacySub.cancel();
    expect(await existing(queueFamily(old))).toEqual(queueFamily(old));

    const bus = await open();
    await bus.subscribe({ queue: `${old}.instance-1`, perInstance: true, replaces: old, routingKeys: [`${unique()}.x`], handler: async () => undefined });
    expect(await existing(queueFamily(old))).toEqual([]);

    await bus.subscribe({ queue: `${old}.instance-2`, perInstance: true, replaces: old, routingKeys: [`${unique()}.x`], handler: async () => undefined });
    expect(await existing(queueFamily(old))).toEqual([]);
  });

  it('when an older replica still consumes the old queue, then it is left alone and the new subscription works', async () => {
    const old = `old.sessions-revoked.${unique()}`;
    const legacy = await open();
    const legacySub = await legacy.subscribe({ queue: old, routingKeys: [`${unique()}.none`], handler: async () => undefined });

    const bus = await open();
    const routingKey = `${unique()}.user.sessions_revoked`;
    const got: unknown[] = [];
    await bus.subscribe({ queue: `${old}.instance`, perInstance: true, replaces: old, routingKeys: [routingKey], handler: async (m) => void got.push(m.body) });
    expect(await existing([old])).toEqual([old]);
    await bus.publish(routingKey, { n: 1 }, { messageId: newId() });
    await waitFor(() => got.length === 1, 'the delivery to the new subscription');

    await legacySub.cancel();
    left.push(old);
  });
});

describe('createAmqpBus when RabbitMQ cannot be reached', () => {
  it('when nothing listens at the URL, then it rejects with a message naming the URL but not the password', async () => {
    const failing = createAmqpBus({
      url: 'amqp://guest:secret@127.0.0.1:1',
      logger: testLogger(),
      connectTimeoutMs: 1500,
      reconnectSeconds: 1,
    });
    await expect(failing).rejects.toThrow(/RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1 is not usable/);
  });
});
