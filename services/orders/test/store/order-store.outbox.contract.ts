import { randomUUID } from 'node:crypto';
import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderStore } from '../../src/store/order.store.ts';
import { newOrder, type OpenedOrderStore, type OpenOrderStore } from './order-store.fixtures.ts';

const LEASE_MS = 60_000;

/**
 * The OutboxStore half of the contract, as the relay (packages/service-kit outbox-relay.ts)
 * relies on it. Each test gets a fresh store with its own clock, so lease and retry times pass
 * by moving the clock, never by waiting.
 */
export function outboxContract(open: OpenOrderStore): void {
  describe('outbox', () => {
    let clock = 0;
    let opened: OpenedOrderStore | undefined;
    const store = (): OrderStore => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };

    beforeEach(async () => {
      clock = Date.now();
      opened = await open({ now: () => new Date(clock) });
      await opened.store.migrate();
    });

    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    const event = (payload: unknown, headers?: Record<string, unknown>): NewOutboxEvent => ({
      eventId: randomUUID(),
      routingKey: 'order.created',
      payload,
      ...(headers ? { headers } : {}),
    });
    /** Appends events the way the service does: with a change, in its transaction. */
    const append = async (...events: NewOutboxEvent[]) => {
      await store().createOrder(newOrder(), () => events);
    };
    const eventIds = (records: { eventId: string }[]) => records.map((record) => record.eventId);

    it('when due rows are claimed, then they come oldest first with payload and headers intact', async () => {
      const rich = event(
        {
          event_type: 'order.created',
          order_id: 42,
          item_name: 'Crème brûlée ₹ 😀',
          total_amount: 120.5,
          queue_number: null,
          paid: false,
          items: [{ name: 'Chai', quantity: 2 }],
          nested: { empty: {}, list: [], deep: { n: -1 } },
        },
        { 'x-schema-version': 1, 'x-source': 'orders', empty: {} },
      );
      const second = event({ n: 2 });
      const third = event({ n: 3 }, { h: 'three' });
      const fourth = event({ n: 4 });
      const fifth = event({ n: 5 });
      await append(rich);
      await append(second, third); // one transaction, one millisecond: their order still holds
      await append(fourth);
      clock += 5;
      await append(fifth);

      const claimed = await store().claimBatch(10);

      expect(eventIds(claimed)).toEqual(eventIds([rich, second, third, fourth, fifth]));
      expect(claimed[0]).toEqual({ ...rich, attempts: 0 });
      expect(claimed[1]).toEqual({ eventId: second.eventId, routingKey: 'order.created', payload: { n: 2 }, attempts: 0 });
      expect('headers' in claimed[1]!).toBe(false);
      expect(claimed[2]?.headers).toEqual({ h: 'three' });
    });

    it('when claimed with a limit, then at most that many come, the oldest, and the next claim takes the rest', async () => {
      const events = [event({ n: 1 }), event({ n: 2 }), event({ n: 3 }), event({ n: 4 })];
      for (const e of events) await append(e);

      const first = await store().claimBatch(2);
      const rest = await store().claimBatch(10);

      expect(eventIds(first)).toEqual(eventIds(events.slice(0, 2)));
      expect(eventIds(rest)).toEqual(eventIds(events.slice(2)));
      expect(await store().claimBatch(10)).toEqual([]);
      expect(await store().claimBatch(0)).toEqual([]);
    });

    it('when a row is claimed, then it is not handed out again while leased, and comes back once the lease ran out', async () => {
      const only = event({ n: 1 });
      await append(only);

      expect(eventIds(await store().claimBatch(10))).toEqual([only.eventId]);
      expect(await store().claimBatch(10)).toEqual([]);
      clock += LEASE_MS - 1_000;
      expect(await store().claimBatch(10)).toEqual([]);
      clock += 2_000;
      const again = await store().claimBatch(10);

      expect(again).toEqual([{ ...only, attempts: 0 }]);
    });

    it('when several relays claim at once, then no row goes to two of them', async () => {
      const events = Array.from({ length: 40 }, (_, n) => event({ n }));
      for (const e of events) await append(e);
      const relays = [store(), ...Array.from({ length: 3 }, () => opened?.another?.() ?? store())];

      // Each relay claims small batches until nothing is left, all of them at the same time.
      const claimedBy = await Promise.all(
        relays.map(async (relay) => {
          const mine: string[] = [];
          for (;;) {
            const batch = await relay.claimBatch(3);
            if (batch.length === 0) return mine;
            mine.push(...eventIds(batch));
          }
        }),
      );

      const all = claimedBy.flat();
      expect(all).toHaveLength(events.length);
      expect(new Set(all)).toEqual(new Set(eventIds(events)));
    });

    it('when rows are marked sent, then they never come back, even after their lease', async () => {
      const sent = event({ n: 1 });
      const unsent = event({ n: 2 });
      await append(sent, unsent);
      await store().claimBatch(10);

      await store().markSent([sent.eventId, randomUUID()]);
      await store().markSent([]);
      clock += LEASE_MS * 10;

      expect(eventIds(await store().claimBatch(10))).toEqual([unsent.eventId]);
      await store().markSent([unsent.eventId]);
      clock += LEASE_MS * 10;
      expect(await store().claimBatch(10)).toEqual([]);
    });

    it('when a row is marked failed, then it is hidden until its retryAt, and its attempts are counted', async () => {
      const failing = event({ n: 1 }, { h: 1 });
      const other = event({ n: 2 });
      await append(failing, other);
      const [claimed] = await store().claimBatch(1);
      expect(claimed?.eventId).toBe(failing.eventId);

      await store().markFailed(failing.eventId, 'broker unreachable', new Date(clock + 30_000));

      expect(eventIds(await store().claimBatch(10))).toEqual([other.eventId]);
      clock += 29_000;
      expect(await store().claimBatch(10)).toEqual([]);
      clock += 1_000;
      const retried = await store().claimBatch(10);
      expect(retried).toEqual([{ ...failing, attempts: 1 }]);

      // A retryAt already past: the lease is released and the row is due at once.
      await store().markFailed(failing.eventId, 'x'.repeat(10_000), new Date(clock - 1));
      const again: OutboxRecord[] = await store().claimBatch(10);
      expect(again).toEqual([{ ...failing, attempts: 2 }]);
    });

    it('when a sent row is marked failed afterwards, then it stays sent', async () => {
      const only = event({ n: 1 });
      await append(only);
      await store().claimBatch(10);
      await store().markSent([only.eventId]);

      await store().markFailed(only.eventId, 'late failure report', new Date(clock - 1));
      clock += LEASE_MS * 2;

      expect(await store().claimBatch(10)).toEqual([]);
    });

    it('when a write fails after its events were made, then none of them reach the outbox', async () => {
      const lost = event({ n: 1 });
      const kept = event({ n: 2 });

      await expect(store().createOrder(newOrder(), () => [lost, lost])).rejects.toThrow();
      await append(kept);

      expect(eventIds(await store().claimBatch(10))).toEqual([kept.eventId]);
    });
  });
}
