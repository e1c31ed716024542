import { afterEach, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus, PublishOptions } from '../../src/bus/bus.ts';
import { createInProcessBus, type InProcessBus } from '../../src/bus/in-process.bus.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { MemoryOutboxStore } from '../../src/outbox/memory.outbox-store.ts';
import { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from '../../src/outbox/outbox-relay.ts';
import type { OutboxStore } from '../../src/outbox/outbox.ts';
import { newId, waitFor } from '../bus/helpers.ts';

const HOUR = 3_600_000;

describe('outbox relay', () => {
  let bus: InProcessBus;
  let relay: OutboxRelay | undefined;
  let received: BusMessage[];

  async function setUp(overrides: Partial<OutboxRelayOptions> & { store: OutboxStore }): Promise<OutboxRelay> {
    bus = createInProcessBus({ logger: silentLogger() });
    received = [];
    await bus.subscribe({ queue: 'relay-test', routingKeys: ['order.*'], handler: async (m) => void received.push(m) });
    relay = createOutboxRelay({ bus, logger: silentLogger(), pollIntervalMs: 20, retryBaseMs: 20, ...overrides });
    return relay;
  }

  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
    await bus?.close();
  });

  /** A bus whose publish waits for `release()`; counts calls. */
  function gatedBus() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const gated: Pick<EventBus, 'publish'> = {
      async publish(routingKey: string, body: unknown, options: PublishOptions) {
        calls.push(options.messageId);
        await gate;
        await bus.publish(routingKey, body, options);
      },
    };
    return { gated, calls, release: () => release() };
  }

  it('when a row is committed and the relay kicked, then it is published with the event id and marked sent', async () => {
    const store = new MemoryOutboxStore();
    const started = await setUp({ store, pollIntervalMs: HOUR });
    started.start();
    const eventId = newId();
    store.add({ eventId, routingKey: 'order.created', payload: { order_id: 'o-1' }, headers: { schema_version: 1 } });
    started.kick();

    await waitFor(() => store.sent().includes(eventId), 'the row marked sent');
    await waitFor(() => received.length === 1, 'the delivery');
    expect(received[0]).toMatchObject({ messageId: eventId, routingKey: 'order.created', body: { order_id: 'o-1' } });
    expect(received[0]!.headers).toEqual({ schema_version: 1 });
    expect(store.pending()).toEqual([]);
  });

  it('when rows were waiting before start, then start publishes them in order, across batches', async () => {
    const store = new MemoryOutboxStore();
    const ids = Array.from({ length: 25 }, () => newId());
    for (const eventId of ids) store.add({ eventId, routingKey: 'order.ready', payload: {} });
    (await setUp({ store, batchSize: 10, pollIntervalMs: HOUR })).start();

    await waitFor(() => store.sent().length === ids.length, 'every row sent');
    expect(store.sent()).toEqual(ids);
    await waitFor(() => received.length === ids.length, 'every delivery');
  });

  it('when the first publish fails, then the row stays, is retried later and published once', async () => {
    const store = new MemoryOutboxStore();
    let calls = 0;
    const flaky: Pick<EventBus, 'publish'> = {
      async publish(routingKey, body, options) {
        calls += 1;
        if (calls === 1) throw new Error('broker away');
        await bus.publish(routingKey, body, options);
      },
    };
    const started = await setUp({ store, bus: flaky });
    const eventId = newId();
    store.add({ eventId, routingKey: 'order.created', payload: { n: 1 } });
    started.start();

    await waitFor(() => store.sent().includes(eventId), 'the retried row marked sent');
    expect(calls).toBe(2);
    expect(store.entries()[0]).toMatchObject({ eventId, attempts: 1, lastError: 'broker away' });
    await waitFor(() => received.length === 1, 'the delivery');
    expect(received.map((m) => m.messageId)).toEqual([eventId]);
  });

  it('when claiming fails, then the relay keeps going and publishes at the next poll', async () => {
    const store = new MemoryOutboxStore();
    let failClaim = true;
    const shaky: OutboxStore = {
      claimBatch: (limit) => (failClaim ? ((failClaim = false), Promise.reject(new Error('db down'))) : store.claimBatch(limit)),
      markSent: (ids) => store.markSent(ids),
      markFailed: (id, error, retryAt) => store.markFailed(id, error, retryAt),
    };
    const eventId = newId();
    store.add({ eventId, routingKey: 'order.created', payload: {} });
    (await setUp({ store: shaky })).start();

    await waitFor(() => store.sent().includes(eventId), 'the row sent after the failed claim');
    expect(failClaim).toBe(false);
  });

  it('when kicked during a run, then another run follows without waiting for the poll', async () => {
    const store = new MemoryOutboxStore();
    const { gated, calls, release } = gatedBus();
    const started = await setUp({ store, bus: gated, pollIntervalMs: HOUR });
    const first = newId();
    store.add({ eventId: first, routingKey: 'order.created', payload: {} });
    started.start();
    await waitFor(() => calls.length === 1, 'the first publish to start');

    const second = newId();
    store.add({ eventId: second, routingKey: 'order.created', payload: {} });
    started.kick();
    release();

    await waitFor(() => store.sent().length === 2, 'both rows sent');
    expect(store.sent()).toEqual([first, second]);
  });

  it('when stopped during a run, then stop waits for it and nothing is published afterwards', async () => {
    const store = new MemoryOutboxStore();
    const { gated, calls, release } = gatedBus();
    const started = await setUp({ store, bus: gated });
    const eventId = newId();
    store.add({ eventId, routingKey: 'order.created', payload: {} });
    started.start();
    await waitFor(() => calls.length === 1, 'the publish to start');

    let stopped = false;
    const stopping = started.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(store.sent()).toEqual([eventId]);

    store.add({ eventId: newId(), routingKey: 'order.created', payload: {} });
    started.kick();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toHaveLength(1);
    expect(store.pending()).toHaveLength(1);
  });

  it('when several commits kick in the same turn, then one claim and one markSent serve them all', async () => {
    const store = new MemoryOutboxStore();
    const calls = { claim: 0, markSent: 0 };
    const counted: OutboxStore = {
      claimBatch: (limit) => (calls.claim++, store.claimBatch(limit)),
      markSent: (ids) => (calls.markSent++, store.markSent(ids)),
      markFailed: (id, error, retryAt) => store.markFailed(id, error, retryAt),
    };
    const started = await setUp({ store: counted, pollIntervalMs: HOUR });
    started.start();
    await waitFor(() => calls.claim === 1, 'the start-up run');
    const ids = [newId(), newId(), newId()];

    for (const eventId of ids) {
      store.add({ eventId, routingKey: 'order.created', payload: { order_id: eventId } });
      started.kick();
    }

    await waitFor(() => ids.every((id) => store.sent().includes(id)), 'all three marked sent');
    await waitFor(() => received.length === 3, 'three deliveries');
    expect(calls).toEqual({ claim: 2, markSent: 1 }); // the start-up run's claim, then the burst's
  });
});
