import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  confirm,
  deliver,
  handled,
  MINUTE,
  publishOrderEvent,
  startQueue,
  streamSince,
  tokenFor,
  USERS,
  type RunningQueue,
} from './helpers.ts';

describe('order events from the orders service', () => {
  let queue: RunningQueue;
  let staff: string;

  beforeAll(async () => {
    staff = await tokenFor(USERS.staff, 'STAFF');
  });
  beforeEach(async () => {
    queue = await startQueue();
  });
  afterEach(async () => {
    await queue?.stop();
  });

  const numberOf = async (orderId: number) => (await queue.store.getEntry(orderId))?.queueNumber;

  it('when orders are confirmed, then they get the numbers 1, 2, 3 in the order of confirmation, not of their ids', async () => {
    const ids = [];
    for (const orderId of [530, 510, 520]) ids.push(await publishOrderEvent(queue, { orderId, userId: USERS.alice, status: 'confirmed' }));
    for (const id of ids) await handled(queue.store, id);

    expect([await numberOf(530), await numberOf(510), await numberOf(520)]).toEqual([1, 2, 3]);
    const item = await queue.call('GET', '/api/queue/order/510', { token: staff });
    expect(item.body).toMatchObject({ queue_number: 2, status: 'waiting', position: 2, items: [{ item_name: 'Masala tea', station: 'drinks' }] });
  });

  it('when one order\'s events arrive back to back with others\', then each order\'s are handled in their order, numbers as confirmed', async () => {
    const ids = [
      await publishOrderEvent(queue, { orderId: 560, userId: USERS.alice, status: 'confirmed' }),
      await publishOrderEvent(queue, { orderId: 561, userId: USERS.bob, status: 'confirmed' }),
      await publishOrderEvent(queue, { orderId: 560, userId: USERS.alice, status: 'preparing' }),
      await publishOrderEvent(queue, { orderId: 560, userId: USERS.alice, status: 'ready' }),
      await publishOrderEvent(queue, { orderId: 562, userId: USERS.bob, status: 'confirmed' }),
    ];
    for (const id of ids) await handled(queue.store, id);

    const said = (await streamSince(queue.store)).filter((m) => m.orderId === 560 && m.type !== 'queue_update');
    expect(said.map((m) => m.status)).toEqual(['preparing', 'ready']);
    expect((await streamSince(queue.store)).find((m) => m.orderId === 560)?.status).toBe('waiting');
    expect([await numberOf(560), await numberOf(561), await numberOf(562)]).toEqual([1, 2, 3]);
    expect((await queue.store.getEntry(560))?.status).toBe('ready');
  });

  it('when the same event is delivered three times, then there is one entry with one number and one announcement', async () => {
    const eventId = randomUUID();

    for (let i = 0; i < 3; i++) await publishOrderEvent(queue, { orderId: 540, userId: USERS.bob, status: 'confirmed', eventId });
    await handled(queue.store, eventId);
    // A fresh event behind the three copies: once it is handled, so are they.
    await confirm(queue, 541, USERS.bob);

    expect(await numberOf(540)).toBe(1);
    expect(await numberOf(541)).toBe(2);
    expect((await queue.store.listActive()).map((entry) => entry.orderId)).toEqual([540, 541]);
    const announced = (await streamSince(queue.store)).filter((m) => m.orderId === 540);
    expect(announced.map((m) => m.type)).toEqual(['queue_update']);
  });

  it('when the same confirmation comes again under a new event id, then the order keeps its one entry and number', async () => {
    await confirm(queue, 545, USERS.bob);
    await confirm(queue, 545, USERS.bob);

    expect(await numberOf(545)).toBe(1);
    expect(await queue.store.listActive()).toHaveLength(1);
  });

  it('when preparing arrives before confirmed, then the order is queued and preparing, and the late confirmed changes nothing', async () => {
    await deliver(queue, { orderId: 550, userId: USERS.carol, status: 'preparing' });
    const early = await queue.store.getEntry(550);
    await confirm(queue, 550, USERS.carol);

    expect(early).toMatchObject({ status: 'preparing', queueNumber: 1 });
    expect(await queue.store.getEntry(550)).toEqual(early);
    const item = await queue.call('GET', '/api/queue/order/550', { token: staff });
    expect(item.body).toMatchObject({ status: 'preparing', position: 1, preparing_at: expect.any(String) });
  });

  it('when an order is ready, then it is at position 0 and the real prep time is learnt', async () => {
    await confirm(queue, 560, USERS.alice);
    await confirm(queue, 561, USERS.bob);
    await deliver(queue, { orderId: 560, userId: USERS.alice, status: 'preparing' });
    queue.clock.advance(6 * MINUTE);

    await deliver(queue, { orderId: 560, userId: USERS.alice, status: 'ready' });

    const ready = await queue.call('GET', '/api/queue/order/560', { token: staff });
    expect(ready.body).toMatchObject({ status: 'ready', position: 0, estimated_wait_time: 0, ready_at: new Date(queue.clock.now()).toISOString() });
    expect((await queue.call('GET', '/api/queue/order/561', { token: staff })).body.position).toBe(1);
    // Tea is 3 minutes nominal and took 6.
    expect(await queue.store.prepSamples()).toEqual(new Map([['tea', [2]]]));
  });

  it('when a late preparing follows ready, then the order stays ready', async () => {
    await confirm(queue, 565, USERS.alice);
    await deliver(queue, { orderId: 565, userId: USERS.alice, status: 'ready' });
    await deliver(queue, { orderId: 565, userId: USERS.alice, status: 'preparing' });

    expect((await queue.store.getEntry(565))?.status).toBe('ready');
  });

  it.each(['cancelled', 'completed'] as const)('when an order is %s, then it leaves the queue and queue_removed is on the stream', async (status) => {
    await confirm(queue, 570, USERS.alice);
    await confirm(queue, 571, USERS.bob);
    const before = await queue.store.lastSeq();

    await deliver(queue, { orderId: 570, userId: USERS.alice, status });

    expect(await queue.store.getEntry(570)).toBeUndefined();
    expect((await queue.call('GET', '/api/queue/active', { token: staff })).body.map((i: { order_id: number }) => i.order_id)).toEqual([571]);
    const removed = (await streamSince(queue.store, before)).filter((m) => m.type === 'queue_removed');
    expect(removed).toEqual([expect.objectContaining({ orderId: 570, userId: USERS.alice, queueNumber: 1, data: expect.objectContaining({ order_id: 570 }) })]);

    // And a redelivered confirmation of the finished order does not bring it back.
    await confirm(queue, 570, USERS.alice);
    expect(await queue.store.getEntry(570)).toBeUndefined();
  });

  it('when an event for an order never queued is cancelled or completed, then nothing is announced', async () => {
    const before = await queue.store.lastSeq();

    await deliver(queue, { orderId: 580, userId: USERS.alice, status: 'cancelled' });
    await deliver(queue, { orderId: 581, userId: USERS.alice, status: 'completed' });

    expect(await queue.store.lastSeq()).toBe(before);
  });
});
