import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus, MessageHandler, SubscribeOptions } from '../../src/bus/bus.ts';
import { newId, unique, waitFor } from './helpers.ts';

/** One adapter under test, plus what the port itself cannot show. */
export interface BusUnderTest {
  bus: EventBus;
  /** Closes the bus and removes the queues the test declared (and their `.dead` and retry queues). */
  dispose(queues: string[]): Promise<void>;
}

export type MakeBus = (options: { maxDeliveries: number; retryDelaysMs: number[] }) => Promise<BusUnderTest>;

const MAX_DELIVERIES = 3;
/** Short, so a test sees a whole retry schedule; two delays, so the growth shows. */
export const TEST_RETRY_DELAYS_MS = [40, 80];

/**
 * A fresh bus per test with names of the test's own (so tests can share a broker), and the
 * declared queues removed afterwards. Call inside a describe.
 */
export function busUnderTest(makeBus: MakeBus) {
  let t: BusUnderTest;
  let ns: string;
  let declared: string[] = [];

  beforeEach(async () => {
    ns = unique();
    t = await makeBus({ maxDeliveries: MAX_DELIVERIES, retryDelaysMs: TEST_RETRY_DELAYS_MS });
  });
  afterEach(async () => {
    const queues = declared;
    declared = [];
    await t.dispose(queues);
  });

  const bus = (): EventBus => t.bus;
  return {
    bus,
    queueName(role: string): string {
      const queue = `contract.${ns}.${role}`;
      declared.push(queue);
      return queue;
    },
    key: (suffix: string): string => `${ns}.${suffix}`,
    subscribe: (queue: string, routingKeys: string[], handler: MessageHandler, extra: Partial<SubscribeOptions> = {}) =>
      bus().subscribe({ queue, routingKeys, handler, ...extra }),
    publish: (routingKey: string, body: unknown = {}, messageId = newId()) =>
      bus().publish(routingKey, body, { messageId }).then(() => messageId),
  };
}

/**
 * The semantics every EventBus adapter keeps, so a service cannot tell the in-process bus
 * from RabbitMQ. Every test uses its own queue names and routing keys, so it can run on a
 * shared broker next to other tests.
 */
export function busContract(name: string, makeBus: MakeBus): void {
  describe(`${name} keeps the EventBus contract`, () => {
    const { bus, queueName, key, subscribe, publish } = busUnderTest(makeBus);

    it('when an event is published, then the subscriber gets its body, routing key, id and deliveryCount 1', async () => {
      const got: BusMessage[] = [];
      await subscribe(queueName('basic'), [key('order.created')], async (m) => void got.push(m));
      const body = { order_id: 'o-1', total_amount: 1250, items: [{ name: 'soup', qty: 2 }] };
      const messageId = newId();
      await bus().publish(key('order.created'), body, { messageId, headers: { 'x-trace': 'abc' } });

      await waitFor(() => got.length === 1, 'the delivery');
      expect(got[0]).toMatchObject({ routingKey: key('order.created'), messageId, body, deliveryCount: 1 });
      expect(got[0]!.headers['x-trace']).toBe('abc');
      expect(bus().health().ok).toBe(true);
    });

    it('when a body is published, then it travels as JSON and later changes by the publisher do not leak', async () => {
      const got: BusMessage[] = [];
      await subscribe(queueName('json'), [key('order.created')], async (m) => void got.push(m));
      const body = { at: new Date('2024-01-02T03:04:05.000Z'), nested: { n: 1 }, dropped: undefined };
      await publish(key('order.created'), body);
      body.nested.n = 2;

      await waitFor(() => got.length === 1, 'the delivery');
      expect(got[0]!.body).toEqual({ at: '2024-01-02T03:04:05.000Z', nested: { n: 1 } });
    });

    it('when a body is not JSON-serialisable or the id is missing, then publish rejects', async () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(publish(key('x'), { n: 1n })).rejects.toThrow(/JSON/);
      await expect(publish(key('x'), circular)).rejects.toThrow(/JSON/);
      await expect(bus().publish(key('x'), undefined, { messageId: newId() })).rejects.toThrow(/JSON/);
      await expect(bus().publish(key('x'), {}, { messageId: '' })).rejects.toThrow(/messageId/);
    });

    it('when queues bind with * and #, then they get exactly the routing keys a topic exchange routes', async () => {
      const orders: string[] = [];
      const everything: string[] = [];
      await subscribe(queueName('star'), [key('order.*')], async (m) => void orders.push(m.routingKey), { prefetch: 1 });
      await subscribe(queueName('hash'), [key('#')], async (m) => void everything.push(m.routingKey), { prefetch: 1 });
      const keys = [key('order.created.extra'), key('payment.success'), key('order'), key('order.ready')];
      for (const routingKey of keys) await publish(routingKey);

      // Queues are FIFO, so once the last key arrived any wrongly routed earlier one would have too.
      await waitFor(() => orders.includes(key('order.ready')), 'order.ready on the order.* queue');
      await waitFor(() => everything.length === keys.length, 'all keys on the # queue');
      expect(orders).toEqual([key('order.ready')]);
      expect([...everything].sort()).toEqual([...keys].sort());
    });

    it('when two queues bind the same key, then each gets its own copy', async () => {
      const kitchen: string[] = [];
      const board: string[] = [];
      await subscribe(queueName('kitchen'), [key('order.ready')], async (m) => void kitchen.push(m.messageId));
      await subscribe(queueName('board'), [key('order.ready')], async (m) => void board.push(m.messageId));
      const id = await publish(key('order.ready'));

      await waitFor(() => kitchen.length === 1 && board.length === 1, 'both copies');
      expect(kitchen).toEqual([id]);
      expect(board).toEqual([id]);
    });

    it('when two consumers share one queue, then they share its messages and each is handled once', async () => {
      const queue = queueName('competing');
      const seen = { a: [] as string[], b: [] as string[] };
      const bothBusy = () => seen.a.length > 0 && seen.b.length > 0;
      // With prefetch 1 a consumer that holds its message cannot take another, so the next
      // message must go to the other consumer; that makes the sharing observable, not luck.
      const consumer = (who: 'a' | 'b'): MessageHandler => async (m) => {
        seen[who].push(m.messageId);
        await waitFor(bothBusy, 'both consumers to hold a message', { timeoutMs: 10_000 }).catch(() => undefined);
      };
      await subscribe(queue, [key('order.created')], consumer('a'), { prefetch: 1 });
      await subscribe(queue, [key('order.created')], consumer('b'), { prefetch: 1 });
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await publish(key('order.created'), { i }));

      await waitFor(() => seen.a.length + seen.b.length >= ids.length, 'all messages handled');
      expect([...seen.a, ...seen.b].sort()).toEqual([...ids].sort());
      expect(seen.a.length).toBeGreaterThan(0);
      expect(seen.b.length).toBeGreaterThan(0);
    });

    it('when a handler throws once, then the message is redelivered with deliveryCount 2', async () => {
      const queue = queueName('flaky');
      const counts: number[] = [];
      await subscribe(queue, [key('payment.success')], async (m) => {
        counts.push(m.deliveryCount);
        if (m.deliveryCount === 1) throw new Error('database busy');
      });
      await publish(key('payment.success'));

      await waitFor(() => counts.length >= 2, 'the redelivery');
      expect(counts).toEqual([1, 2]);
      expect(await bus().countDeadLetters(queue)).toBe(0);
    });

    it('when the consumer is cancelled and subscribes again, then messages published meanwhile wait in the queue', async () => {
      const queue = queueName('durable');
      const got: string[] = [];
      const handler: MessageHandler = async (m) => void got.push(m.messageId);
      const first = await subscribe(queue, [key('order.ready')], handler, { prefetch: 1 });
      const before = await publish(key('order.ready'));
      await waitFor(() => got.length === 1, 'the first message');
      await first.cancel();

      const meanwhile = [await publish(key('order.ready')), await publish(key('order.ready'))];
      expect(got).toEqual([before]);
      await subscribe(queue, [key('order.ready')], handler, { prefetch: 1 });

      await waitFor(() => got.length === 3, 'the messages published while nobody listened');
      expect(got).toEqual([before, ...meanwhile]);
    });

    it('when a subscription is cancelled mid-handler, then cancel waits and the message counts as handled', async () => {
      const queue = queueName('drain');
      const got: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const sub = await subscribe(queue, [key('order.created')], async (m) => {
        got.push(m.messageId);
        await gate;
      });
      const slow = await publish(key('order.created'));
      await waitFor(() => got.length === 1, 'the handler to start');

      let cancelled = false;
      const cancelling = sub.cancel().then(() => (cancelled = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(cancelled).toBe(false);
      release();
      await cancelling;

      // Had it not been acked, the new consumer would see it again before the sentinel.
      await subscribe(queue, [key('order.created')], async (m) => void got.push(m.messageId), { prefetch: 1 });
      const sentinel = await publish(key('order.created'));
      await waitFor(() => got.includes(sentinel), 'the sentinel');
      expect(got).toEqual([slow, sentinel]);
    });

    it('when a queue is declared again with another maxDeliveries, then subscribe rejects and the first consumer goes on', async () => {
      const queue = queueName('redeclare');
      const got: string[] = [];
      await subscribe(queue, [key('order.created')], async (m) => void got.push(m.messageId));
      await expect(subscribe(queue, [key('order.created')], async () => undefined, { maxDeliveries: MAX_DELIVERIES + 1 })).rejects.toThrow();

      const id = await publish(key('order.created'));
      await waitFor(() => got.includes(id), 'the delivery to the first consumer');
      expect(bus().health().ok).toBe(true);
    });

    it('when the bus is closed, then publish rejects and health is not ok', async () => {
      await bus().close();
      await expect(publish(key('order.created'))).rejects.toThrow(/closed/);
      expect(bus().health().ok).toBe(false);
    });
  });
}
