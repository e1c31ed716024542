import type { EventItem } from '@canteen/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { confirm, deliver, manualClock, MINUTE, startQueue, tokenFor, USERS, type RunningQueue } from './helpers.ts';

const DOSA: EventItem = { menu_item_id: 'dosa', item_name: 'Masala dosa', quantity: 1, price: 60, station: 'stove', preparation_time: 4 };

describe('the ETA learns from the kitchen', () => {
  let queue: RunningQueue;
  afterEach(async () => {
    await queue?.stop();
  });

  it('when several orders took twice their nominal prep time, then a new order of the same dish gets a longer estimated wait', async () => {
    queue = await startQueue();
    const staff = await tokenFor(USERS.staff, 'STAFF');
    const etaOf = async (orderId: number) => (await queue.call('GET', `/api/queue/order/${orderId}`, { token: staff })).body.estimated_wait_time;

    await confirm(queue, 600, USERS.alice, { items: [DOSA] });
    const before = await etaOf(600);
    await deliver(queue, { orderId: 600, userId: USERS.alice, status: 'cancelled', items: [DOSA] });

    for (let orderId = 601; orderId <= 605; orderId++) {
      await confirm(queue, orderId, USERS.bob, { items: [DOSA] });
      await deliver(queue, { orderId, userId: USERS.bob, status: 'preparing', items: [DOSA] });
      queue.clock.advance(8 * MINUTE);
      await deliver(queue, { orderId, userId: USERS.bob, status: 'ready', items: [DOSA] });
      await deliver(queue, { orderId, userId: USERS.bob, status: 'completed', items: [DOSA] });
    }
    await confirm(queue, 606, USERS.carol, { items: [DOSA] });
    const after = await etaOf(606);

    expect(before).toBe(4);
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(8);
  });

  it('when the kitchen is slow for one dish only after a few samples, then the nominal time still holds', async () => {
    queue = await startQueue();
    const staff = await tokenFor(USERS.staff, 'STAFF');
    for (let orderId = 611; orderId <= 612; orderId++) {
      await confirm(queue, orderId, USERS.bob, { items: [DOSA] });
      await deliver(queue, { orderId, userId: USERS.bob, status: 'preparing', items: [DOSA] });
      queue.clock.advance(8 * MINUTE);
      await deliver(queue, { orderId, userId: USERS.bob, status: 'completed', items: [DOSA] });
    }
    await confirm(queue, 613, USERS.carol, { items: [DOSA] });

    // Completed straight from preparing teaches nothing, and two samples would not be trusted anyway.
    expect((await queue.call('GET', '/api/queue/order/613', { token: staff })).body.estimated_wait_time).toBe(4);
  });
});

describe('queue numbers per day in the canteen time zone', () => {
  let queue: RunningQueue;
  afterEach(async () => {
    await queue?.stop();
  });

  it('when the clock passes midnight in Asia/Kolkata (still the same day in UTC), then the numbers start again at 1', async () => {
    // 23:50 in Kolkata is 18:20 UTC.
    queue = await startQueue({ env: { TIMEZONE: 'Asia/Kolkata' }, clock: manualClock(Date.parse('2025-06-02T18:20:00Z')) });
    const staff = await tokenFor(USERS.staff, 'STAFF');

    await confirm(queue, 701, USERS.alice);
    queue.clock.set(Date.parse('2025-06-02T18:29:59Z'));
    await confirm(queue, 702, USERS.bob);
    const lateStats = (await queue.call('GET', '/api/queue/stats')).body;
    queue.clock.set(Date.parse('2025-06-02T18:30:01Z'));
    await confirm(queue, 703, USERS.carol);
    await confirm(queue, 704, USERS.alice);

    const numbers = await Promise.all([701, 702, 703, 704].map(async (id) => (await queue.store.getEntry(id))?.queueNumber));
    expect(numbers).toEqual([1, 2, 1, 2]);
    expect(lateStats.total_orders_today).toBe(2);
    expect((await queue.call('GET', '/api/queue/stats')).body.total_orders_today).toBe(2);
    // Yesterday's orders keep their numbers and their place: they were confirmed first.
    const active = await queue.call('GET', '/api/queue/active', { token: staff });
    expect(active.body.map((item: { order_id: number; queue_number: number }) => [item.order_id, item.queue_number])).toEqual([
      [701, 1],
      [702, 2],
      [703, 1],
      [704, 2],
    ]);
  });
});
