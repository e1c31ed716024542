import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectAs, queueItem, removal, startHub, tokenFor, update, USERS, type Harness } from './helpers.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const PERSONAL = /user_id|order_id|items|item_name|email|created_at|estimated_wait_time/;

describe('queue hub: who sees what', () => {
  it('when orders of two customers change, then staff see all, each customer only their own, the board only numbers and states', async () => {
    harness = await startHub();
    const staff = await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF'));
    const alice = await connectAs(harness.url, await tokenFor(USERS.alice, 'CUSTOMER'));
    const bob = await connectAs(harness.url, await tokenFor(USERS.bob, 'CUSTOMER'));
    const board = await connectAs(harness.url, null);

    await harness.publish(update(1, USERS.alice, 'waiting', 'queue_update'));
    await harness.publish(update(2, USERS.bob, 'preparing'));
    await harness.publish(removal(1, USERS.alice));
    // The last message is for everyone, so once it is in, anything earlier would be too.
    await harness.publish(update(3, USERS.bob, 'ready'));
    await harness.publish(update(4, USERS.alice, 'ready'));

    const staffLive = (await staff.waitForFrames(2 + 5)).slice(2);
    expect(staffLive).toEqual([
      { type: 'queue_update', seq: 1, data: queueItem(1, USERS.alice, 1, 'waiting') },
      { type: 'status_update', seq: 2, data: queueItem(2, USERS.bob, 2, 'preparing') },
      { type: 'queue_removed', seq: 3, data: { order_id: 1 } },
      { type: 'status_update', seq: 4, data: queueItem(3, USERS.bob, 3, 'ready') },
      { type: 'status_update', seq: 5, data: queueItem(4, USERS.alice, 4, 'ready') },
    ]);

    const aliceLive = (await alice.waitForFrames(2 + 3)).slice(2);
    expect(aliceLive.map((frame) => frame.seq)).toEqual([1, 3, 5]);
    expect(aliceLive.every((frame) => frame.data.order_id === 1 || frame.data.user_id === USERS.alice)).toBe(true);

    const bobLive = (await bob.waitForFrames(2 + 2)).slice(2);
    expect(bobLive.map((frame) => frame.seq)).toEqual([2, 4]);

    const boardLive = (await board.waitForFrames(2 + 5)).slice(2);
    expect(boardLive).toEqual([
      { type: 'queue_update', seq: 1, data: { queue_number: 1, status: 'waiting' } },
      { type: 'status_update', seq: 2, data: { queue_number: 2, status: 'preparing' } },
      { type: 'queue_removed', seq: 3, data: { queue_number: 1 } },
      { type: 'status_update', seq: 4, data: { queue_number: 3, status: 'ready' } },
      { type: 'status_update', seq: 5, data: { queue_number: 4, status: 'ready' } },
    ]);
    for (const text of board.raw) expect(text).not.toMatch(PERSONAL);
  });

  it('when the snapshot provider returns full items for the board, then only numbers and states reach it', async () => {
    harness = await startHub({ snapshot: async () => [queueItem(9, USERS.alice, 9, 'ready')] });
    const board = await connectAs(harness.url, null);
    expect(board.frames[1]?.data).toEqual([{ queue_number: 9, status: 'ready' }]);
    expect(board.raw[1]).not.toMatch(PERSONAL);
  });

  it("when the snapshot provider returns another customer's item, then it is left out", async () => {
    harness = await startHub({ snapshot: async () => [queueItem(1, USERS.alice, 1, 'ready'), queueItem(2, USERS.bob, 2, 'ready')] });
    const bob = await connectAs(harness.url, await tokenFor(USERS.bob, 'CUSTOMER'));
    expect(bob.frames[1]?.data.map((item: { order_id: number }) => item.order_id)).toEqual([2]);
    expect(harness.logs.lines.some((line) => line.level === 'warn' && line.dropped === 1)).toBe(true);
  });

  it('when a customer has two connections, then both get their updates, and closing one keeps the other', async () => {
    harness = await startHub();
    const phone = await connectAs(harness.url, await tokenFor(USERS.alice, 'CUSTOMER'));
    const laptop = await connectAs(harness.url, await tokenFor(USERS.alice, 'CUSTOMER'));
    phone.ws.close();
    await phone.closed;

    await harness.publish(update(1, USERS.alice));
    expect((await laptop.waitForFrames(3))[2]?.seq).toBe(1);
  });

  it('when a message is broadcast to many clients, then each distinct frame is serialized once', async () => {
    harness = await startHub();
    const staffToken = await tokenFor(USERS.staff, 'STAFF');
    const clients = await Promise.all(
      Array.from({ length: 30 }, (_, i) => connectAs(harness!.url, i % 3 === 0 ? null : i % 3 === 1 ? staffToken : null)),
    );
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      harness.hub.broadcast({ seq: 1, at: Date.now(), ...update(1, USERS.alice) });
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
    for (const client of clients) await client.waitForFrames(3);
    expect(new Set(clients.map((client) => client.raw[2])).size).toBe(2);
  });
});
