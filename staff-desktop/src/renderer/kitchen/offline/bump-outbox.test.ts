import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NetworkError, ServerError, UnauthorizedError } from '@canteen/client';
import type { OrderStatus } from '@canteen/contracts';
import { openKitchenDb, type KitchenDb } from './bump-db.ts';
import { queueBump, recallBump, sendDueBumps } from './bump-outbox.ts';

/** The orders service as far as bumps care: forward-only, one move per Idempotency-Key. */
function kitchenServer(statuses: Record<number, OrderStatus>) {
  const seenKeys = new Set<string>();
  const moves: string[] = [];
  const script: (Error | 'ok')[] = [];
  return {
    moves,
    next: (...steps: typeof script) => script.push(...steps),
    async setOrderStatus(id: number, status: OrderStatus, key: string) {
      const step = script.shift() ?? 'ok';
      if (step instanceof Error) throw step;
      if (!seenKeys.has(key)) {
        const order = ['placed', 'confirmed', 'preparing', 'ready', 'completed'];
        if (order.indexOf(status) <= order.indexOf(statuses[id]!)) throw new ConflictError(409, 'ILLEGAL_TRANSITION', `already ${statuses[id]}`);
        seenKeys.add(key);
        statuses[id] = status;
        moves.push(`${id}:${status}`);
      }
      return { id, status } as never;
    },
  };
}

let db: KitchenDb;
afterEach(async () => {
  db.close();
});
const open = () => (db = openKitchenDb(`bumps-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange }));
const bump = (orderId: number, from: OrderStatus, to: OrderStatus, at: number) =>
  queueBump(db, { key: `k-${orderId}-${to}`, orderId, number: orderId, from, to, createdAt: at }, 3000);

describe('the kitchen bump outbox', () => {
  it('when a bump is younger than the recall window, then it is not sent yet, and a recall takes it back unseen', async () => {
    open();
    const server = kitchenServer({ 1: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 1000);
    expect((await sendDueBumps(db, server, 2000)).sent).toEqual([]);
    expect((await recallBump(db, 1))?.to).toBe('preparing');
    expect((await sendDueBumps(db, server, 10_000)).sent).toEqual([]);
    expect(server.moves).toEqual([]);
  });

  it('when the server is unreachable, then the bumps wait and are later sent in the order they were made, once each', async () => {
    open();
    const server = kitchenServer({ 1: 'confirmed', 2: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 0);
    await bump(2, 'confirmed', 'preparing', 1);
    await bump(1, 'preparing', 'ready', 2);
    server.next(new NetworkError('offline'));
    expect(await sendDueBumps(db, server, 5000)).toMatchObject({ sent: [], waiting: 3 });
    server.next(new ServerError(502, 'UPSTREAM_ERROR', 'down'));
    expect((await sendDueBumps(db, server, 6000)).waiting).toBe(3);
    const result = await sendDueBumps(db, server, 7000);
    expect(result.sent.map((entry) => entry.to)).toEqual(['preparing', 'preparing', 'ready']);
    expect(server.moves).toEqual(['1:preparing', '2:preparing', '1:ready']);
    expect(await db.bumps.count()).toBe(0);
  });

  it('when a held bump comes before a due one, then neither overtakes it', async () => {
    open();
    const server = kitchenServer({ 1: 'confirmed', 2: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 5000);
    await queueBump(db, { key: 'late', orderId: 2, number: 2, from: 'confirmed', to: 'preparing', createdAt: 0 }, 0);
    expect((await sendDueBumps(db, server, 6000)).sent).toEqual([]);
  });

  it('when another screen moved the order on already, then the bump is dropped with the reason and the next ones still go', async () => {
    open();
    const server = kitchenServer({ 1: 'ready', 2: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 0);
    await bump(2, 'confirmed', 'preparing', 1);
    const result = await sendDueBumps(db, server, 10_000);
    expect(result.refused.map(({ entry, message }) => [entry.orderId, message])).toEqual([[1, 'already ready']]);
    expect(server.moves).toEqual(['2:preparing']);
  });

  it('when the session is gone, then the bump is kept for after the next sign-in', async () => {
    open();
    const server = kitchenServer({ 1: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 0);
    server.next(new UnauthorizedError(401, 'UNAUTHORIZED', 'sign in'));
    expect((await sendDueBumps(db, server, 10_000)).waiting).toBe(1);
    expect((await db.bumps.toArray())[0]?.state).toBe('needs-sign-in');
    expect((await sendDueBumps(db, server, 11_000)).sent).toHaveLength(1);
  });

  it('when a reply was lost and the same bump is sent again, then the server moves the order once', async () => {
    open();
    const server = kitchenServer({ 1: 'confirmed' });
    await bump(1, 'confirmed', 'preparing', 0);
    await server.setOrderStatus(1, 'preparing', 'k-1-preparing'); // the first send reached the server, its reply did not
    expect((await sendDueBumps(db, server, 10_000)).sent).toHaveLength(1);
    expect(server.moves).toEqual(['1:preparing']);
  });
});
