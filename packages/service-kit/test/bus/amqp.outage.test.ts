import net from 'node:net';
import amqplib from 'amqplib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAmqpBus, type AmqpBus } from '../../src/bus/amqp.bus.ts';
import { queueFamily } from '../../src/bus/shared.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';
import { newId, testLogger, unique, waitFor } from './helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);

/**
 * A TCP proxy in front of RabbitMQ that the test can cut and restore. The bus sees exactly
 * what a broker outage looks like (connection lost, reconnects refused) while the shared
 * broker and every other test keep running.
 */
class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 5672), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Drops every connection and refuses new ones, like a stopped broker. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

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
