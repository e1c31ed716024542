import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, RateLimitedError, ServerError, UnauthorizedError, ValidationError, type PlaceOrderBody } from '@canteen/client';
import { openCanteenDb, type CanteenDb, type CartLine } from './db.ts';
import type { MenuItem } from '@canteen/contracts';
import { acceptNewTotal, queueOrder, replayOutbox } from './outbox.ts';
import { createReplayGate, type ExclusiveLocks } from './replay-gate.ts';

/**
 * The server's side of placing an order as far as the outbox cares: one order per
 * Idempotency-Key, however often it is sent. `next` scripts how the following calls go.
 */
function idempotentServer() {
  const orders = new Map<string, { id: number; body: PlaceOrderBody }>();
  const script: ('ok' | 'offline' | 'cut-after-commit' | Error)[] = [];
  let calls = 0;
  return {
    orders,
    get calls() {
      return calls;
    },
    next: (...steps: typeof script) => script.push(...steps),
    async placeOrder(body: PlaceOrderBody, key: string) {
      calls += 1;
      const step = script.shift() ?? 'ok';
      if (step === 'offline') throw new NetworkError('Could not reach the server');
      if (step instanceof Error) throw step;
      const order = orders.get(key) ?? { id: orders.size + 1, body };
      orders.set(key, order);
      // The server committed, but the reply never arrived.
      if (step === 'cut-after-commit') throw new NetworkError('connection reset');
      return { id: order.id } as Awaited<ReturnType<import('@canteen/client').BffClient['placeOrder']>>;
    },
  };
}

const dbs: CanteenDb[] = [];
function freshDb(): CanteenDb {
  const db = openCanteenDb(`test-${dbs.length}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const line = (key: string, unitPrice: number, quantity = 1): CartLine => ({
  key,
  menuItemId: key.padEnd(24, '0'),
  name: `Dish ${key}`,
  imageUrl: '',
  quantity,
  unitPrice,
  options: [],
  addedAt: Date.now(),
});
const body = (id: string): PlaceOrderBody => ({ items: [{ menu_item_id: id.padEnd(24, '0'), quantity: 1 }], payment_method: 'cash' });

describe('the order outbox', () => {
  it('when an order is queued, then the cart is emptied and the order with its key is in the outbox, in one step', async () => {
    const db = freshDb();
    await db.cart.bulkAdd([line('a', 45, 2), line('b', 30.5)]);

    const entry = await queueOrder(db, { key: 'key-1', userId: 7, body: body('a'), now: 1000 });

    expect(entry.total).toBe(120.5);
    expect(await db.cart.count()).toBe(0);
    expect(await db.outbox.get('key-1')).toMatchObject({ key: 'key-1', userId: 7, state: 'queued', attempts: 0, lines: [{ name: 'Dish a', quantity: 2 }, { name: 'Dish b' }] });
  });

  it('when queueing fails inside the transaction (a key already queued), then the cart is left as it was', async () => {
    const db = freshDb();
    await db.cart.add(line('a', 45));
    await queueOrder(db, { key: 'key-1', userId: 7, body: body('a'), now: 1000 });
    await db.cart.add(line('b', 30));

    await expect(queueOrder(db, { key: 'key-1', userId: 7, body: body('b'), now: 2000 })).rejects.toThrow();

    expect(await db.cart.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('when the network is back, then every queued order is sent once with its own key and leaves the outbox', async () => {
    const db = freshDb();
    const server = idempotentServer();
    for (const key of ['k1', 'k2', 'k3']) await queueOrder(db, { key, userId: 7, body: body(key), now: Number(key[1]) });

    const result = await replayOutbox(db, server, 7);

    expect(result.sent.map((s) => s.key)).toEqual(['k1', 'k2', 'k3']);
    expect(server.orders.size).toBe(3);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.sent.toArray()).map((s) => s.orderId).sort()).toEqual([1, 2, 3]);
  });

  it('when the reply is cut after the server committed, then the next replay gets the same order, not a second one', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await queueOrder(db, { key: 'k1', userId: 7, body: body('a'), now: 1 });
    server.next('cut-after-commit');

    const first = await replayOutbox(db, server, 7);
    expect(first).toMatchObject({ sent: [], waiting: 1 });
    expect(await db.outbox.get('k1')).toMatchObject({ state: 'queued', attempts: 1, lastError: 'connection reset' });

    const second = await replayOutbox(db, server, 7);
    expect(second.sent).toEqual([{ key: 'k1', orderId: 1 }]);
    expect(server.orders.size).toBe(1);
  });

  it('when two replays run at once, then each key still becomes one order', async () => {
    const db = freshDb();
    const server = idempotentServer();
    for (const key of ['k1', 'k2', 'k3']) await queueOrder(db, { key, userId: 7, body: body(key), now: Number(key[1]) });

    await Promise.all([replayOutbox(db, server, 7), replayOutbox(db, server, 7)]);

    expect(server.orders.size).toBe(3);
    expect(await db.outbox.count()).toBe(0);
  });

  it.each([
    ['offline', new NetworkError('Could not reach the server')],
    ['a 5xx', new ServerError(502, 'UPSTREAM_ERROR', 'The orders service failed to answer')],
    ['busy (429)', new RateLimitedError(429, 'BUSY', 'busy', undefined, 1)],
    ['the same key still running (409)', new ConflictError(409, 'IN_PROGRESS', 'in progress')],
  ])('when the server is %s, then the order stays queued and the rest wait too', async (_name, error) => {
    const db = freshDb();
    const server = idempotentServer();
    await queueOrder(db, { key: 'k1', userId: 7, body: body('a'), now: 1 });
    await queueOrder(db, { key: 'k2', userId: 7, body: body('b'), now: 2 });
    server.next(error);

    const result = await replayOutbox(db, server, 7);

    expect(result).toMatchObject({ sent: [], waiting: 2 });
    expect(server.calls).toBe(1);
    expect((await db.outbox.toArray()).map((e) => e.state)).toEqual(['queued', 'queued']);
  });

  it('when the session is gone (401), then the order is kept until the person signs in, and sent after', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await queueOrder(db, { key: 'k1', userId: 7, body: body('a'), now: 1 });
    server.next(new UnauthorizedError(401, 'NOT_SIGNED_IN', 'Please sign in'));

    expect(await replayOutbox(db, server, 7)).toMatchObject({ needsSignIn: 1 });
    expect(await db.outbox.get('k1')).toMatchObject({ state: 'needs-sign-in' });

    expect((await replayOutbox(db, server, 7)).sent).toHaveLength(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('when the server refuses the order itself (422), then it is marked refused with the reason and not sent again', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await queueOrder(db, { key: 'k1', userId: 7, body: body('a'), now: 1 });
    server.next(new ValidationError(422, 'ITEM_UNAVAILABLE', 'Masala Dosa is sold out'));

    expect(await replayOutbox(db, server, 7)).toMatchObject({ refused: 1 });
    expect(await db.outbox.get('k1')).toMatchObject({ state: 'refused', lastError: 'Masala Dosa is sold out' });
    await replayOutbox(db, server, 7);
    expect(server.calls).toBe(1);
  });

  it("when another person's orders are queued on this phone, then a replay sends only the signed-in person's", async () => {
    const db = freshDb();
    const server = idempotentServer();
    await queueOrder(db, { key: 'mine', userId: 7, body: body('a'), now: 1 });
    await queueOrder(db, { key: 'theirs', userId: 8, body: body('b'), now: 2 });

    const result = await replayOutbox(db, server, 7);

    expect(result.sent.map((s) => s.key)).toEqual(['mine']);
    expect(await db.outbox.get('theirs')).toMatchObject({ state: 'queued' });
  });
});

/** Web Locks as the browser grants them: one holder at a time, the rest in arrival order. */
function fifoLocks(): ExclusiveLocks {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request(_name, callback) {
      const granted = tail.then(() => callback());
      tail = granted.catch(() => undefined);
      return granted;
    },
  };
}

describe.each([
  ['with Web Locks', fifoLocks],
  ['without Web Locks', () => undefined],
])('replays in turn (%s)', (_name, locks) => {
  it('when an order is queued while a replay that already read the outbox is sending, then the call after it still sends that order', async () => {
    const db = freshDb();
    const server = idempotentServer();
    const inTurn = createReplayGate(locks());
    await queueOrder(db, { key: 'k1', userId: 7, body: body('a'), now: 1 });
    // The first replay is stuck on k1's request (a slow network) when k2 is queued.
    let release!: () => void;
    const slow = { placeOrder: async (b: PlaceOrderBody, key: string) => (key === 'k1' && (await new Promise<void>((r) => (release = r))), server.placeOrder(b, key)) };
    const first = inTurn('7', () => replayOutbox(db, slow, 7));
    await expect.poll(() => typeof release).toBe('function');
    await queueOrder(db, { key: 'k2', userId: 7, body: body('b'), now: 2 });
    const second = inTurn('7', () => replayOutbox(db, server, 7));
    release();

    const results = await Promise.all([first, second]);

    expect(results.map((r) => r.sent.map((s) => s.key))).toEqual([['k1'], ['k2']]);
    expect(server.orders.size).toBe(2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('when many calls arrive while one replay runs, then they share one more replay instead of one each', async () => {
    const inTurn = createReplayGate(locks());
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = async () => {
      runs += 1;
      if (runs === 1) await gate;
      return runs;
    };
    const first = inTurn('7', run);
    await expect.poll(() => runs).toBe(1);
    const later = [inTurn('7', run), inTurn('7', run), inTurn('7', run)];
    release();

    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
    expect(runs).toBe(2);
  });
});

/** Today's menu as far as pricing goes: dish `a` at 45 with an extra (cheese, +15), dish `b` at 30.5. */
function menuOf(changes: { a?: number; b?: number; bAvailable?: boolean } = {}): MenuItem[] {
  const dish = (id: string, price: number, available = true) =>
    ({ id: id.padEnd(24, '0'), name: `Dish ${id}`, price, available, option_groups: [{ id: 'extra', name: 'Extra', min: 0, max: 1, options: [{ id: 'cheese', name: 'Cheese', price_delta: 15, available: true }] }] }) as unknown as MenuItem;
  return [dish('a', changes.a ?? 45), dish('b', changes.b ?? 30.5, changes.bAvailable ?? true)];
}

describe('a queued order when the menu changed while it waited', () => {
  /** Dish a with cheese twice (120) and dish b once (30.5), placed offline: it failed once. */
  async function waitedOrder(db: CanteenDb, server: ReturnType<typeof idempotentServer>) {
    await db.cart.bulkAdd([{ ...line('a', 60, 2), options: [{ groupId: 'extra', optionIds: ['cheese'], names: ['Cheese'] }] }, line('b', 30.5)]);
    const entryBody: PlaceOrderBody = {
      items: [
        { menu_item_id: 'a'.padEnd(24, '0'), quantity: 2, options: [{ group_id: 'extra', option_ids: ['cheese'] }] },
        { menu_item_id: 'b'.padEnd(24, '0'), quantity: 1 },
      ],
      payment_method: 'cash',
    };
    await queueOrder(db, { key: 'k1', userId: 7, body: entryBody, now: 1 });
    server.next('offline');
    await replayOutbox(db, server, 7, { menu: async () => menuOf() });
    expect(await db.outbox.get('k1')).toMatchObject({ total: 150.5, attempts: 1, state: 'queued' });
  }

  it('when nothing changed, then it is sent as it was', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await waitedOrder(db, server);

    const result = await replayOutbox(db, server, 7, { menu: async () => menuOf() });

    expect(result.sent).toHaveLength(1);
    expect(server.orders.size).toBe(1);
  });

  it('when a price went up, then it is held with the new total until the student accepts it, and sent after', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await waitedOrder(db, server);

    const held = await replayOutbox(db, server, 7, { menu: async () => menuOf({ a: 50 }) });

    expect(held).toMatchObject({ sent: [], menuChanged: 1 });
    expect(server.orders.size).toBe(0);
    expect(await db.outbox.get('k1')).toMatchObject({ state: 'menu-changed', total: 150.5, repriced: { total: 160.5, soldOut: [] } });
    expect((await replayOutbox(db, server, 7, { menu: async () => menuOf({ a: 50 }) })).sent).toEqual([]);

    await acceptNewTotal(db, 'k1');
    const sent = await replayOutbox(db, server, 7, { menu: async () => menuOf({ a: 50 }) });

    expect(sent.sent.map((s) => s.key)).toEqual(['k1']);
    expect(server.orders.size).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('when a dish sold out, then it is held naming the dish, and not sent', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await waitedOrder(db, server);

    await replayOutbox(db, server, 7, { menu: async () => menuOf({ bAvailable: false }) });

    expect(await db.outbox.get('k1')).toMatchObject({ state: 'menu-changed', repriced: { soldOut: ['Dish b'] } });
    expect(server.calls).toBe(1);
  });

  it('when the menu cannot be fetched, then the order stays queued for the next replay', async () => {
    const db = freshDb();
    const server = idempotentServer();
    await waitedOrder(db, server);

    const result = await replayOutbox(db, server, 7, {
      menu: async () => {
        throw new NetworkError('Could not reach the server');
      },
    });

    expect(result).toMatchObject({ sent: [], waiting: 1 });
    expect(await db.outbox.get('k1')).toMatchObject({ state: 'queued', attempts: 2 });
  });
});
