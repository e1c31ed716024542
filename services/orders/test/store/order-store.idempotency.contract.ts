import { describe, expect, it } from 'vitest';
import { IdempotencyKeyTaken, type IdempotencyKey, type OrderStore } from '../../src/store/order.store.ts';
import { at, newOrder, noEvents, type OpenOrderStore, uniqueTag, uniqueUserId } from './order-store.fixtures.ts';

const STALE_MS = 60_000;
const HOUR = 3_600_000;

/**
 * Idempotency keys: one request per key; retries get its stored result. Times are passed in,
 * so nothing waits. Runs on the shared store (each test its own keys); the sweep, which deletes
 * across keys, gets a fresh store.
 */
export function idempotencyContract(store: () => OrderStore, open: OpenOrderStore): void {
  describe('idempotency keys', () => {
    const newKey = (overrides: Partial<IdempotencyKey> = {}): IdempotencyKey => ({
      userId: uniqueUserId(),
      scope: 'POST /api/orders',
      key: `key-${uniqueTag()}`,
      ...overrides,
    });
    const body = {
      success: true,
      order: { id: 42, status: 'placed', total_amount: 410.5, items: [{ name: 'Chai ☕', quantity: 2 }], notes: null },
    };

    it('when a key is new, then it is claimed; a retry meanwhile is running; once finished a retry gets the stored result', async () => {
      const key = newKey();

      expect(await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS)).toEqual({ state: 'new' });
      expect(await store().beginIdempotent(key, 'hash-a', at(1_000), STALE_MS)).toEqual({ state: 'running' });
      await store().finishIdempotent(key, 201, body, at(2_000));

      expect(await store().beginIdempotent(key, 'hash-a', at(3_000), STALE_MS)).toEqual({ state: 'done', status: 201, body });
      // Finished keys never go stale.
      expect(await store().beginIdempotent(key, 'hash-a', at(10 * STALE_MS), STALE_MS)).toEqual({ state: 'done', status: 201, body });
    });

    it('when the same key comes with another request body, then it is a mismatch, running or done', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      expect(await store().beginIdempotent(key, 'hash-b', at(1_000), STALE_MS)).toEqual({ state: 'mismatch' });
      await store().finishIdempotent(key, 200, { ok: true }, at(2_000));
      expect(await store().beginIdempotent(key, 'hash-b', at(3_000), STALE_MS)).toEqual({ state: 'mismatch' });
      expect(await store().beginIdempotent(key, 'hash-a', at(3_000), STALE_MS)).toEqual({ state: 'done', status: 200, body: { ok: true } });
    });

    it('when the same key string is used by another user or in another scope, then each is its own key', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      expect(await store().beginIdempotent({ ...key, userId: key.userId + 1 }, 'hash-a', at(0), STALE_MS)).toEqual({ state: 'new' });
      expect(await store().beginIdempotent({ ...key, scope: 'DELETE /api/orders/42' }, 'hash-a', at(0), STALE_MS)).toEqual({ state: 'new' });
    });

    it('when a result body is empty, null or a bare string, then it still round-trips', async () => {
      for (const value of [null, '', 'accepted', [], {}, 0]) {
        const key = newKey();
        await store().beginIdempotent(key, 'h', at(0), STALE_MS);
        await store().finishIdempotent(key, 202, value, at(1));
        expect(await store().beginIdempotent(key, 'h', at(2), STALE_MS)).toEqual({ state: 'done', status: 202, body: value });
      }
    });

    it('when a running claim is older than staleAfterMs, then it is taken over as new, and the new claim runs afresh', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      expect(await store().beginIdempotent(key, 'hash-a', at(STALE_MS - 1), STALE_MS)).toEqual({ state: 'running' });
      expect(await store().beginIdempotent(key, 'hash-a', at(STALE_MS + 1), STALE_MS)).toEqual({ state: 'new' });
      // The take-over restarted the clock: a retry right after sees it running.
      expect(await store().beginIdempotent(key, 'hash-a', at(STALE_MS + 2), STALE_MS)).toEqual({ state: 'running' });
      await store().finishIdempotent(key, 201, body, at(STALE_MS + 3));
      expect(await store().beginIdempotent(key, 'hash-a', at(STALE_MS + 4), STALE_MS)).toEqual({ state: 'done', status: 201, body });
    });

    it('when a stale claim is taken over with another body, then the new body owns the key', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      expect(await store().beginIdempotent(key, 'hash-b', at(2 * STALE_MS), STALE_MS)).toEqual({ state: 'new' });
      expect(await store().beginIdempotent(key, 'hash-a', at(2 * STALE_MS + 1), STALE_MS)).toEqual({ state: 'mismatch' });
    });

    it('when five requests claim one key at once, fresh or stale, then exactly one gets new', async () => {
      const fresh = newKey();
      const claims = await Promise.all(Array.from({ length: 5 }, () => store().beginIdempotent(fresh, 'h', at(0), STALE_MS)));
      expect(claims.filter((claim) => claim.state === 'new')).toHaveLength(1);
      expect(claims.filter((claim) => claim.state === 'running')).toHaveLength(4);

      const takeovers = await Promise.all(Array.from({ length: 5 }, () => store().beginIdempotent(fresh, 'h', at(5 * STALE_MS), STALE_MS)));
      expect(takeovers.filter((claim) => claim.state === 'new')).toHaveLength(1);
      expect(takeovers.filter((claim) => claim.state === 'running')).toHaveLength(4);
    });

    it('when a claim is abandoned, then the next request gets new; a finished key cannot be abandoned', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      await store().abandonIdempotent(key);
      expect(await store().beginIdempotent(key, 'hash-b', at(1), STALE_MS)).toEqual({ state: 'new' });

      await store().finishIdempotent(key, 201, body, at(2));
      await store().abandonIdempotent(key);
      expect(await store().beginIdempotent(key, 'hash-b', at(3), STALE_MS)).toEqual({ state: 'done', status: 201, body });
      await expect(store().abandonIdempotent(newKey())).resolves.toBeUndefined();
    });

    it('when an order is created with its key, then the key is done with the result made from the saved order', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);

      const order = await store().createOrder(newOrder({ userId: key.userId }), noEvents, {
        key,
        result: (saved) => ({ status: 201, body: { id: saved.id, lines: saved.items.map((line) => line.id) } }),
        at: at(1_000),
      });

      expect(await store().beginIdempotent(key, 'hash-a', at(2_000), STALE_MS)).toEqual({
        state: 'done',
        status: 201,
        body: { id: order.id, lines: order.items.map((line) => line.id) },
      });
    });

    it('when creating the order fails, then its key is not finished: still running, for a retry once stale', async () => {
      const key = newKey();
      await store().beginIdempotent(key, 'hash-a', at(0), STALE_MS);
      const failing = () => {
        throw new Error('events could not be made');
      };

      await expect(
        store().createOrder(newOrder({ userId: key.userId }), failing, { key, result: () => ({ status: 201, body: {} }), at: at(1) }),
      ).rejects.toThrow('events could not be made');

      expect(await store().beginIdempotent(key, 'hash-a', at(2), STALE_MS)).toEqual({ state: 'running' });
      expect(await store().beginIdempotent(key, 'hash-a', at(STALE_MS + 1), STALE_MS)).toEqual({ state: 'new' });
    });

    it('when an order is created claiming a free key, then the key is claimed and finished with it in one call', async () => {
      const key = newKey();
      const order = await store().createOrder(newOrder({ userId: key.userId }), noEvents, {
        key,
        result: (saved) => ({ status: 201, body: { id: saved.id } }),
        at: at(0),
        claim: { requestHash: 'hash-a' },
      });

      expect(await store().beginIdempotent(key, 'hash-a', at(1_000), STALE_MS)).toEqual({ state: 'done', status: 201, body: { id: order.id } });
      expect(await store().beginIdempotent(key, 'hash-b', at(1_000), STALE_MS)).toEqual({ state: 'mismatch' });
    });

    it('when an order is created claiming a key that is taken (running or done), then it is refused and nothing is written', async () => {
      const running = newKey();
      const done = newKey();
      await store().beginIdempotent(running, 'hash-a', at(0), STALE_MS);
      await store().beginIdempotent(done, 'hash-a', at(0), STALE_MS);
      await store().finishIdempotent(done, 201, body, at(1));
      const claiming = (key: IdempotencyKey) =>
        store().createOrder(newOrder({ userId: key.userId }), noEvents, { key, result: () => ({ status: 201, body: {} }), at: at(2), claim: { requestHash: 'hash-a' } });

      await expect(claiming(running)).rejects.toBeInstanceOf(IdempotencyKeyTaken);
      await expect(claiming(done)).rejects.toBeInstanceOf(IdempotencyKeyTaken);

      expect(await store().listOrders({ userId: running.userId, limit: 10, offset: 0 })).toEqual([]);
      expect(await store().listOrders({ userId: done.userId, limit: 10, offset: 0 })).toEqual([]);
      expect(await store().beginIdempotent(running, 'hash-a', at(3), STALE_MS)).toEqual({ state: 'running' });
      expect(await store().beginIdempotent(done, 'hash-a', at(3), STALE_MS)).toEqual({ state: 'done', status: 201, body });
    });

    it('when creating an order that claimed its key fails, then the key is free again for a retry', async () => {
      const key = newKey();
      const failing = () => {
        throw new Error('events could not be made');
      };

      await expect(
        store().createOrder(newOrder({ userId: key.userId }), failing, { key, result: () => ({ status: 201, body: {} }), at: at(0), claim: { requestHash: 'hash-a' } }),
      ).rejects.toThrow('events could not be made');

      expect(await store().listOrders({ userId: key.userId, limit: 10, offset: 0 })).toEqual([]);
      expect(await store().beginIdempotent(key, 'hash-a', at(1), STALE_MS)).toEqual({ state: 'new' });
    });

    it('when keys are swept, then those finished before the cutoff and dead claims started before it go', async () => {
      const fresh = await open();
      try {
        const own = fresh.store;
        await own.migrate();
        const oldDone = newKey();
        const recentDone = newKey();
        const oldRunning = newKey();
        const recentRunning = newKey();
        await own.beginIdempotent(oldRunning, 'h', at(-100 * HOUR), 1_000 * HOUR);
        await own.beginIdempotent(recentRunning, 'h', at(-1 * HOUR), 1_000 * HOUR);
        await own.beginIdempotent(oldDone, 'h', at(-72 * HOUR), STALE_MS);
        await own.finishIdempotent(oldDone, 201, body, at(-72 * HOUR));
        await own.beginIdempotent(recentDone, 'h', at(-1 * HOUR), STALE_MS);
        await own.finishIdempotent(recentDone, 201, body, at(-1 * HOUR));

        expect(await own.sweepIdempotency(at(-48 * HOUR))).toBe(2);
        expect(await own.sweepIdempotency(at(-48 * HOUR))).toBe(0);

        expect(await own.beginIdempotent(oldDone, 'h', at(0), STALE_MS)).toEqual({ state: 'new' });
        expect(await own.beginIdempotent(recentDone, 'h', at(0), STALE_MS)).toEqual({ state: 'done', status: 201, body });
        // The dead claim is gone, so the key can be used afresh; a live one is still running.
        expect(await own.beginIdempotent(oldRunning, 'h', at(0), 1_000 * HOUR)).toEqual({ state: 'new' });
        expect(await own.beginIdempotent(recentRunning, 'h', at(0), 1_000 * HOUR)).toEqual({ state: 'running' });
      } finally {
        await fresh.cleanup();
      }
    });
  });
}
