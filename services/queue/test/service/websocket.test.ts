import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirm, deliver, eventually, publishOrderEvent, startQueue, streamSince, tokenFor, USERS, type RunningQueue } from '../http/helpers.ts';
import { connectAs, updatesOf, welcomeOf, type Frame, type WsClient } from './helpers.ts';

/** Consecutive repeats collapsed: an update may be said twice, never out of order. */
const changes = <T>(values: T[]) => values.filter((value, i) => i === 0 || JSON.stringify(value) !== JSON.stringify(values[i - 1]));

describe('the real-time stream at /ws of the running queue service', () => {
  let queue: RunningQueue;
  let staff: string;
  let alice: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    [staff, alice] = await Promise.all([tokenFor(USERS.staff, 'STAFF'), tokenFor(USERS.alice, 'CUSTOMER')]);
  });
  beforeEach(async () => {
    queue = await startQueue();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await queue?.stop();
  });

  const connect = async (token: string | null, since?: number) => {
    const client = await connectAs(queue.wsUrl, token, since === undefined ? {} : { since });
    clients.push(client);
    return client;
  };
  const positionOf = (client: WsClient, orderId: number, position: number) =>
    client.waitFor((f) => f.data?.order_id === orderId && f.data?.position === position, `order ${orderId} at position ${position}`);

  it('when orders ahead finish, then a customer sees their queue_update, their position coming down, then their status_updates', async () => {
    const client = await connect(alice);
    expect(welcomeOf(client)).toMatchObject({ scope: 'customer', resume: 'snapshot' });

    await confirm(queue, 1, USERS.bob);
    await confirm(queue, 2, USERS.carol);
    await confirm(queue, 3, USERS.alice);
    await positionOf(client, 3, 3);
    await deliver(queue, { orderId: 1, userId: USERS.bob, status: 'ready' });
    await positionOf(client, 3, 2);
    await deliver(queue, { orderId: 2, userId: USERS.carol, status: 'ready' });
    await positionOf(client, 3, 1);
    await deliver(queue, { orderId: 3, userId: USERS.alice, status: 'preparing' });
    await deliver(queue, { orderId: 3, userId: USERS.alice, status: 'ready' });
    await client.waitFor((f) => f.type === 'status_update' && f.data?.status === 'ready', 'ready');

    const mine = client.about(3);
    expect(mine[0]).toMatchObject({ type: 'queue_update', data: { order_id: 3, user_id: USERS.alice, queue_number: 3, status: 'waiting', position: 3 } });
    expect(changes(mine.map((f) => f.data.position))).toEqual([3, 2, 1, 0]);
    expect(changes(mine.filter((f) => f.type === 'status_update').map((f) => f.data.status))).toEqual(['preparing', 'ready']);
    expect(changes(mine.map((f) => f.data.status))).toEqual(['waiting', 'preparing', 'ready']);
    // Nothing about bob's or carol's orders reaches alice.
    expect(updatesOf(client).every((f) => f.data.user_id === USERS.alice)).toBe(true);
    const seqs = updatesOf(client).map((f) => f.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
  });

  it('when an order ahead is ready a moment after the customer was queued, then the customer still hears the new position', async () => {
    const client = await connect(alice);

    // Back to back, within the position refresher's debounce: nothing waits in between.
    await publishOrderEvent(queue, { orderId: 11, userId: USERS.bob, status: 'confirmed' });
    await publishOrderEvent(queue, { orderId: 12, userId: USERS.alice, status: 'confirmed' });
    await publishOrderEvent(queue, { orderId: 11, userId: USERS.bob, status: 'ready' });

    await positionOf(client, 12, 2);
    // Without this the customer's screen would say "2nd" until some later change.
    await positionOf(client, 12, 1);
  });

  it('when the board is connected, then it gets numbers and states only, never who ordered', async () => {
    await confirm(queue, 21, USERS.alice);
    const board = await connect(null);
    expect(welcomeOf(board)).toMatchObject({ scope: 'board' });
    expect(board.frames.find((f) => f.type === 'snapshot')?.data).toEqual([{ queue_number: 1, status: 'waiting' }]);

    await confirm(queue, 22, USERS.bob);
    await deliver(queue, { orderId: 21, userId: USERS.alice, status: 'preparing' });
    await deliver(queue, { orderId: 21, userId: USERS.alice, status: 'ready' });
    await deliver(queue, { orderId: 22, userId: USERS.bob, status: 'cancelled' });
    await board.waitFor((f) => f.type === 'queue_removed', 'the removal');

    const updates = updatesOf(board);
    expect(updates.map((f) => [f.type, f.data])).toEqual(
      expect.arrayContaining([
        ['queue_update', { queue_number: 2, status: 'waiting' }],
        ['status_update', { queue_number: 1, status: 'preparing' }],
        ['status_update', { queue_number: 1, status: 'ready' }],
        ['queue_removed', { queue_number: 2 }],
      ]),
    );
    for (const frame of updates) expect(Object.keys(frame.data).every((key) => key === 'queue_number' || key === 'status')).toBe(true);
    expect(JSON.stringify(board.frames)).not.toMatch(/user_id|order_id|"items"|created_at/);
  });

  it('when staff are connected, then they see every order in full', async () => {
    const client = await connect(staff);

    await confirm(queue, 31, USERS.alice);
    await confirm(queue, 32, USERS.bob);

    await client.waitFor((f) => f.data?.order_id === 32, 'order 32');
    expect(welcomeOf(client)).toMatchObject({ scope: 'staff' });
    expect(client.about(31)[0]).toMatchObject({ type: 'queue_update', data: { user_id: USERS.alice, queue_number: 1, items: [expect.any(Object)] } });
  });

  it('when a client disconnects and reconnects with since, then it gets exactly what it missed, then live updates', async () => {
    const first = await connect(staff);
    await confirm(queue, 41, USERS.alice);
    await confirm(queue, 42, USERS.bob);
    await first.waitFor((f) => f.data?.order_id === 42, 'order 42');
    const since = Math.max(...first.frames.map((f) => f.seq));
    await first.close();

    await deliver(queue, { orderId: 41, userId: USERS.alice, status: 'preparing' });
    await deliver(queue, { orderId: 42, userId: USERS.bob, status: 'cancelled' });
    await confirm(queue, 43, USERS.alice);
    const missed = await streamSince(queue.store, since);
    expect(missed.length).toBeGreaterThanOrEqual(3);

    const again = await connect(staff, since);
    const welcome = welcomeOf(again);
    expect(welcome).toMatchObject({ scope: 'staff', resume: 'replay' });
    const replayed = again.frames.filter((f) => f.type !== 'welcome' && f.seq <= welcome.seq);
    const expected = (await streamSince(queue.store, since)).filter((m) => m.seq <= welcome.seq);
    expect(replayed).toEqual(expected.map((m) => ({ type: m.type, seq: m.seq, data: m.data })));
    expect(replayed.map((f) => [f.type, f.data.order_id])).toEqual(
      expect.arrayContaining([['status_update', 41], ['queue_removed', 42], ['queue_update', 43]]),
    );

    await confirm(queue, 44, USERS.carol);
    await again.waitFor((f) => f.data?.order_id === 44, 'order 44 live');
    const seqs = updatesOf(again).map((f) => f.seq);
    // Nothing it had already seen, nothing twice, nothing skipped.
    expect(seqs[0]).toBe(since + 1);
    expect(seqs).toEqual(seqs.map((_, i) => since + 1 + i));
  });

  it('when a customer reconnects with since, then the replay holds only their own missed messages', async () => {
    const first = await connect(alice);
    await confirm(queue, 51, USERS.alice);
    const since = (await first.waitFor((f) => f.data?.order_id === 51, 'order 51')).seq;
    await first.close();

    await confirm(queue, 52, USERS.bob);
    await deliver(queue, { orderId: 51, userId: USERS.alice, status: 'preparing' });
    await deliver(queue, { orderId: 52, userId: USERS.bob, status: 'preparing' });
    await eventually(async () => expect((await streamSince(queue.store, since)).length).toBeGreaterThanOrEqual(3));

    const again = await connect(alice, since);
    const welcome = welcomeOf(again);
    const replayed: Frame[] = again.frames.filter((f) => f.type !== 'welcome' && f.seq <= welcome.seq);
    const expected = (await streamSince(queue.store, since)).filter((m) => m.seq <= welcome.seq && m.userId === USERS.alice);

    expect(welcome.resume).toBe('replay');
    expect(replayed).toEqual(expected.map((m) => ({ type: m.type, seq: m.seq, data: m.data })));
    expect(replayed.some((f) => f.type === 'status_update' && f.data.order_id === 51 && f.data.status === 'preparing')).toBe(true);
    expect(replayed.every((f) => f.data.user_id === USERS.alice)).toBe(true);
  });
});
