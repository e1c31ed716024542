import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus } from '../../src/bus/bus.ts';
import { createInProcessBus } from '../../src/bus/in-process.bus.ts';
import { bridgeBus } from '../../src/bus/thread-bridge.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { busContract, type MakeBus } from './bus.contract.ts';
import { busFailureContract } from './bus.failures.contract.ts';
import { newId, unique, waitFor } from './helpers.ts';

/** Two halves of one exchange, as the all-in-one launcher's two threads hold them. */
function bridgedPair(options: { maxDeliveries?: number; confirmTimeoutMs?: number } = {}) {
  const { port1, port2 } = new MessageChannel();
  const make = (port: typeof port1) =>
    bridgeBus(createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 5, ...options }), port, {
      logger: silentLogger(),
      ...(options.confirmTimeoutMs ? { confirmTimeoutMs: options.confirmTimeoutMs } : {}),
    });
  const left = make(port1);
  const right = make(port2);
  return {
    left,
    right,
    async close() {
      await left.close();
      await right.close();
      port1.close();
    },
  };
}

const makeBridgedBus: MakeBus = async ({ maxDeliveries, retryDelaysMs }) => {
  const inner = createInProcessBus({ logger: silentLogger(), maxDeliveries, retryDelaysMs });
  const { port1, port2 } = new MessageChannel();
  const bus = bridgeBus(inner, port1, { logger: silentLogger() });
  const other = bridgeBus(createInProcessBus({ logger: silentLogger() }), port2, { logger: silentLogger() });
  return {
    bus,
    async dispose() {
      await bus.close();
      await other.close();
      port1.close();
    },
  };
};

busContract('bridged in-process bus', makeBridgedBus);
busFailureContract('bridged in-process bus', makeBridgedBus);

describe('the bus bridge between two threads', () => {
  let pair: ReturnType<typeof bridgedPair> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  async function collect(bus: EventBus, queue: string, routingKeys: string[]): Promise<BusMessage[]> {
    const got: BusMessage[] = [];
    await bus.subscribe({ queue, routingKeys, handler: async (message) => void got.push(message) });
    return got;
  }

  it('when one side publishes, then queues on both sides get the message once, with its id and headers', async () => {
    pair = bridgedPair();
    const ns = unique();
    const here = await collect(pair.left, `${ns}.here`, ['order.*']);
    const there = await collect(pair.right, `${ns}.there`, ['order.confirmed']);
    const eventId = newId();

    await pair.left.publish('order.confirmed', { order_id: 7 }, { messageId: eventId, headers: { schema_version: 1 } });

    await waitFor(() => here.length === 1 && there.length === 1, 'a delivery on each side');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(here).toHaveLength(1);
    expect(there).toHaveLength(1);
    expect(there[0]).toMatchObject({ routingKey: 'order.confirmed', messageId: eventId, body: { order_id: 7 }, headers: { schema_version: 1 } });
  });

  it('when both sides publish, then each message crosses once and never comes back', async () => {
    pair = bridgedPair();
    const ns = unique();
    const left = await collect(pair.left, `${ns}.left`, ['#']);
    const right = await collect(pair.right, `${ns}.right`, ['#']);

    await pair.left.publish('payment.success', { n: 1 }, { messageId: newId() });
    await pair.right.publish('payment.failed', { n: 2 }, { messageId: newId() });

    await waitFor(() => left.length === 2 && right.length === 2, 'both messages on both sides');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(left.map((m) => m.body).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(right).toHaveLength(2);
  });

  it('when the other side is closed, then publish fails (the outbox keeps the row) instead of claiming success', async () => {
    pair = bridgedPair({ confirmTimeoutMs: 200 });
    await pair.right.close();

    await expect(pair.left.publish('order.created', {}, { messageId: newId() })).rejects.toThrow(/closed|confirm/);
  });

  it('when the other thread never answers, then publish fails after the confirm timeout', async () => {
    const { port1 } = new MessageChannel();
    const lonely = bridgeBus(createInProcessBus({ logger: silentLogger() }), port1, { logger: silentLogger(), confirmTimeoutMs: 100 });
    try {
      await expect(lonely.publish('order.created', {}, { messageId: newId() })).rejects.toThrow(/did not confirm/);
    } finally {
      await lonely.close();
      port1.close();
    }
  });

  it('when the other half lives in a real worker thread, then a message goes there and its answer comes back', async () => {
    const { port1, port2 } = new MessageChannel();
    const bus = bridgeBus(createInProcessBus({ logger: silentLogger() }), port1, { logger: silentLogger() });
    const bridge = new URL('../../src/bus/thread-bridge.ts', import.meta.url).href;
    const inProcess = new URL('../../src/bus/in-process.bus.ts', import.meta.url).href;
    const logging = new URL('../../src/logging/logger.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    // The worker answers every order.confirmed with a queue.admitted of its own.
    const source = `
      const { workerData } = require('node:worker_threads');
      import(${JSON.stringify(tsx)}).then(async (tsx) => {
        tsx.register();
        const { bridgeBus } = await import(${JSON.stringify(bridge)});
        const { createInProcessBus } = await import(${JSON.stringify(inProcess)});
        const { silentLogger } = await import(${JSON.stringify(logging)});
        const bus = bridgeBus(createInProcessBus({ logger: silentLogger() }), workerData.port, { logger: silentLogger() });
        await bus.subscribe({ queue: 'worker.orders', routingKeys: ['order.confirmed'], handler: async (m) => {
          await bus.publish('queue.admitted', { order_id: m.body.order_id }, { messageId: m.messageId + '-admitted' });
        } });
        workerData.port.postMessage({ kind: 'ready' });
      });`;
    const worker = new Worker(source, { eval: true, workerData: { port: port2 }, transferList: [port2] });
    try {
      await new Promise<void>((resolve, reject) => {
        const onReady = (message: { kind?: string }) => message.kind === 'ready' && (port1.off('message', onReady), resolve());
        port1.on('message', onReady);
        worker.once('error', reject);
      });
      const admitted = await collect(bus, `main.${unique()}`, ['queue.admitted']);

      await bus.publish('order.confirmed', { order_id: 42 }, { messageId: 'evt-42' });

      await waitFor(() => admitted.length === 1, 'the answer from the worker');
      expect(admitted[0]).toMatchObject({ routingKey: 'queue.admitted', messageId: 'evt-42-admitted', body: { order_id: 42 } });
    } finally {
      await bus.close();
      await worker.terminate();
      port1.close();
    }
  });
});
