import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryQueueStore } from '../../src/store/memory.queue-store.ts';
import type { QueueStore, ReplayResult } from '../../src/store/queue.store.ts';
import { connect, connectAs, removal, startHub, tokenFor, until, update, USERS, type Harness } from './helpers.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** Five messages: alice's order 1 (seq 1, 3, 5), bob's order 2 (seq 2, 4). */
async function publishFive(h: Harness): Promise<void> {
  await h.publish(update(1, USERS.alice, 'waiting', 'queue_update'));
  await h.publish(update(2, USERS.bob, 'waiting', 'queue_update'));
  await h.publish(update(1, USERS.alice, 'preparing'));
  await h.publish(update(2, USERS.bob, 'preparing'));
  await h.publish(removal(1, USERS.alice));
}

/** The store, with reads of the stream held until the test lets them go. */
function gatedStore(store: QueueStore, readAt: 'call' | 'release') {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  const gated: QueueStore = Object.create(store) as QueueStore;
  gated.readStreamSince = async (since): Promise<ReplayResult> => {
    reads += 1;
    if (readAt === 'call') {
      const result = await store.readStreamSince(since);
      await gate;
      return result;
    }
    await gate;
    return store.readStreamSince(since);
  };
  return { store: gated, release: () => release(), reads: () => reads };
}

describe('queue hub: resume with since', () => {
  it('when staff resume with since, then exactly the missed messages follow a replay welcome', async () => {
    harness = await startHub();
    await publishFive(harness);
    const client = await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF'), { since: 2, expectFrames: 4 });

    expect(client.frames[0]).toEqual({ type: 'welcome', seq: 5, scope: 'staff', resume: 'replay' });
    expect(client.frames.slice(1).map((frame) => frame.seq)).toEqual([3, 4, 5]);
    expect(harness.snapshotCalls).toEqual([]);
  });

  it('when a client resumes from further back than maxReplay, then it gets the snapshot instead of a long replay', async () => {
    harness = await startHub({ maxReplay: 2 });
    await publishFive(harness);
    const client = await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF'), { since: 1, expectFrames: 2 });

    expect(client.frames[0]).toEqual({ type: 'welcome', seq: 5, scope: 'staff', resume: 'snapshot' });
    expect(client.frames[1]).toMatchObject({ type: 'snapshot', seq: 5 });
    expect(harness.snapshotCalls).toHaveLength(1);
    // Within the bound it is still a replay.
    const near = await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF'), { since: 3, expectFrames: 3 });
    expect(near.frames[0]).toMatchObject({ resume: 'replay' });
  });

  it('when a customer resumes, then only their missed messages are replayed', async () => {
    harness = await startHub();
    await publishFive(harness);
    const alice = await connectAs(harness.url, await tokenFor(USERS.alice, 'CUSTOMER'), { since: 1, expectFrames: 3 });
    await harness.publish(update(1, USERS.alice, 'ready'));

    const frames = await alice.waitForFrames(4);
    expect(frames[0]).toEqual({ type: 'welcome', seq: 5, scope: 'customer', resume: 'replay' });
    expect(frames.slice(1).map((frame) => [frame.type, frame.seq])).toEqual([
      ['status_update', 3],
      ['queue_removed', 5],
      ['status_update', 6],
    ]);
  });

  it('when the board resumes, then the replay has numbers and states only', async () => {
    harness = await startHub();
    await publishFive(harness);
    const board = await connectAs(harness.url, null, { since: 3, expectFrames: 3 });
    expect(board.frames.slice(1)).toEqual([
      { type: 'status_update', seq: 4, data: { queue_number: 2, status: 'preparing' } },
      { type: 'queue_removed', seq: 5, data: { queue_number: 1 } },
    ]);
  });

  it('when nothing was missed, then the welcome says replay and live messages follow', async () => {
    harness = await startHub();
    await publishFive(harness);
    const board = await connectAs(harness.url, null, { since: 5, expectFrames: 1 });
    await harness.publish(update(2, USERS.bob, 'ready'));
    const frames = await board.waitForFrames(2);
    expect(frames).toEqual([
      { type: 'welcome', seq: 5, scope: 'board', resume: 'replay' },
      { type: 'status_update', seq: 6, data: { queue_number: 2, status: 'ready' } },
    ]);
  });

  it('when since is older than what the stream keeps, then a snapshot is sent instead', async () => {
    let clock = Date.now();
    harness = await startHub({ store: createMemoryQueueStore({ retentionMs: 60_000, now: () => clock }) });
    await publishFive(harness);
    clock += 120_000;
    await harness.publish(update(2, USERS.bob, 'ready'));

    const staff = await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF'), { since: 2 });
    expect(staff.frames[0]).toEqual({ type: 'welcome', seq: 6, scope: 'staff', resume: 'snapshot' });
    expect(staff.frames[1]).toMatchObject({ type: 'snapshot', seq: 6 });
    expect(harness.snapshotCalls).toEqual([{ kind: 'staff' }]);
  });

  it('when since is ahead of the stream (an earlier life of it), then a snapshot is sent', async () => {
    harness = await startHub();
    await publishFive(harness);
    const board = await connectAs(harness.url, null, { since: 500 });
    expect(board.frames[0]).toEqual({ type: 'welcome', seq: 5, scope: 'board', resume: 'snapshot' });
    expect(board.frames[1]?.type).toBe('snapshot');
  });

  it.each(['call', 'release'] as const)(
    'when messages are broadcast while the replay is read (read at %s), then each is delivered once, in order',
    async (readAt) => {
      const gated = gatedStore(createMemoryQueueStore(), readAt);
      harness = await startHub({ store: gated.store });
      await publishFive(harness);

      const staff = await connect(harness.url);
      staff.send({ type: 'auth', token: await tokenFor(USERS.staff, 'STAFF'), since: 2 });
      await until(() => gated.reads() === 1);
      // Seq 6 and 7 reach the hub live while its read is held; with `release` the read sees them too.
      await harness.publish(update(1, USERS.alice, 'ready'));
      await harness.publish(update(2, USERS.bob, 'ready'));
      expect(staff.frames).toEqual([]);
      gated.release();
      await staff.waitForFrames(1 + 5);
      await harness.publish(removal(2, USERS.bob));

      const frames = await staff.waitForFrames(1 + 6);
      expect(frames[0]).toMatchObject({ type: 'welcome', resume: 'replay' });
      expect(frames.slice(1).map((frame) => frame.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    },
  );

  it('when messages are broadcast while the snapshot is taken, then they follow the snapshot', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let snapshots = 0;
    harness = await startHub({
      snapshot: async () => {
        snapshots += 1;
        await gate;
        return [];
      },
    });
    await publishFive(harness);
    const alice = await connect(harness.url);
    alice.send({ type: 'auth', token: await tokenFor(USERS.alice, 'CUSTOMER') });
    await until(() => snapshots === 1);
    await harness.publish(update(1, USERS.alice, 'ready'));
    await harness.publish(update(2, USERS.bob, 'ready'));
    await harness.publish(update(1, USERS.alice, 'completed'));
    release();

    const frames = await alice.waitForFrames(4);
    expect(frames.map((frame) => [frame.type, frame.seq])).toEqual([
      ['welcome', 5],
      ['snapshot', 5],
      ['status_update', 6],
      ['status_update', 8],
    ]);
  });

  it('when a client closes while its replay is read, then nothing breaks and it is forgotten', async () => {
    const gated = gatedStore(createMemoryQueueStore(), 'release');
    harness = await startHub({ store: gated.store });
    await publishFive(harness);
    const staff = await connect(harness.url);
    staff.send({ type: 'auth', token: await tokenFor(USERS.staff, 'STAFF'), since: 1 });
    await until(() => gated.reads() === 1);
    staff.ws.close();
    await staff.closed;
    gated.release();
    await until(() => harness!.hub.clientCount() === 0);
    await harness.publish(update(1, USERS.alice, 'ready'));
  });
});
