import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOutboxEvent, OutboxRecord, OutboxStore } from '../outbox/outbox.ts';

/** One store under test, over a fresh, migrated database whose clock the suite moves. */
export interface OutboxContractSubject {
  store: OutboxStore;
  /** Appends events the way the service does: with a change, in its transaction. */
  append: (events: NewOutboxEvent[]) => Promise<void>;
  /**
   * Another store (another pool or handle, like a second replica) on the same database, where
   * the adapter can have one.
   */
  another?: () => OutboxStore;
  /** Closes the stores and throws the database away. */
  cleanup: () => Promise<void>;
}

export interface OutboxContractOptions<S extends OutboxContractSubject = OutboxContractSubject> {
  /** Opens a subject whose store reads the time (epoch ms) from `now`. */
  open: (now: () => number) => Promise<S>;
  /** The routing key the test events carry, e.g. 'order.created'. */
  routingKey: string;
  /** The `x-source` header of the test events. */
  source: string;
  /**
   * When the store can show it: appends the events with a change, in a write that fails (the
   * suite passes the same event twice), so none of them may reach the outbox.
   */
  appendFailing?: (subject: S, events: NewOutboxEvent[]) => Promise<void>;
}

const LEASE_MS = 60_000;

/**
 * The OutboxStore contract as the relay (outbox-relay.ts) relies on it, for every store that
 * implements it. Each test gets a fresh store with its own clock, so lease and retry times pass
 * by moving the clock, never by waiting.
 */
export function outboxStoreContract<S extends OutboxContractSubject>(options: OutboxContractOptions<S>): void {
  const { routingKey, source } = options;
  describe('outbox', () => {
    let clock = 0;
    let opened: S | undefined;
    const subject = (): S => {
      if (!opened) throw new Error('the store did not open');
      return opened;
    };
    const store = (): OutboxStore => subject().store;

    beforeEach(async () => {
      // Real time as the start: a database's TTL monitor must not mistake the rows for old ones.
      clock = Date.now();
      opened = await options.open(() => clock);
    });

    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    const event = (payload: unknown, headers?: Record<string, unknown>): NewOutboxEvent => ({
      eventId: randomUUID(),
      routingKey,
      payload,
      ...(headers ? { headers } : {}),
    });
    const append = (...events: NewOutboxEvent[]) => subject().append(events);
    const eventIds = (records: { eventId: string }[]) => records.map((record) => record.eventId);

    it('when due rows are claimed, then they come oldest first with payload and headers intact', async () => {
      const rich = event(
        {
          event_type: routingKey,
          id: 42,
          name: 'Crème brûlée ₹ 😀',
          price: 120.5,
          stock: null,
          available: false,
          fields: ['price', 'stock'],
          items: [{ name: 'Chai', quantity: 2 }],
          nested: { empty: {}, list: [], deep: { n: -1 } },
        },
        { 'x-schema-version': 1, 'x-source': source, empty: {} },
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
      expect(claimed[1]).toEqual({ eventId: second.eventId, routingKey, payload: { n: 2 }, attempts: 0 });
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

      // A retryAt already past (and a long error): the lease is released and the row is due at once.
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

    // Only for stores that can be made to fail a write with its events (the menu proves its
    // atomicity in its own suite, through updateItem's refused change).
    const appendFailing = options.appendFailing;
    if (appendFailing) {
      it('when a write fails after its events were made, then none of them reach the outbox', async () => {
        const lost = event({ n: 1 });
        const kept = event({ n: 2 });

        await expect(appendFailing(subject(), [lost, lost])).rejects.toThrow();
        await append(kept);

        expect(eventIds(await store().claimBatch(10))).toEqual([kept.eventId]);
      });
    }
  });
}
