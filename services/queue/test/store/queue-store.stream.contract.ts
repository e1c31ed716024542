import { describe, expect, it } from 'vitest';
import type { QueueStore, StreamMessage } from '../../src/store/queue.store.ts';
import {
  appendAll,
  eventually,
  manualClock,
  MIN,
  newMessage,
  type OpenedQueueStore,
  type OpenOptions,
  removalMessage,
} from './queue-store.fixtures.ts';

/** The real-time stream part of the contract; `open` gives fresh data, cleaned up after each test. */
export function streamContract(open: (options?: OpenOptions) => Promise<OpenedQueueStore>): void {
  /** A second instance on the same data where the adapter has one, else the same store. */
  const writerFor = async (opened: OpenedQueueStore): Promise<QueueStore> => (opened.another ? opened.another() : opened.store);

  describe('stream', () => {
    it('when messages are appended, then they get seq 1, 2, 3 and keep their content', async () => {
      const { store } = await open();
      expect(await store.lastSeq()).toBe(0);

      const stored = await appendAll(store, [newMessage(1), removalMessage(2), newMessage(3)]);

      expect(stored).toEqual([
        { ...newMessage(1), seq: 1 },
        { ...removalMessage(2), seq: 2 },
        { ...newMessage(3), seq: 3 },
      ]);
      expect(await store.lastSeq()).toBe(3);
    });

    it('when two instances append at once, then every message gets its own seq, without gaps', async () => {
      const opened = await open();
      const other = await writerFor(opened);

      const stored = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? opened.store : other).appendStream(newMessage(i + 1))),
      );

      expect(stored.map((message) => message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await opened.store.lastSeq()).toBe(20);
      expect(await other.lastSeq()).toBe(20);
    });

    it('when a client read up to a seq, then readStreamSince gives exactly the later messages, oldest first', async () => {
      const { store } = await open();
      const stored = await appendAll(store, [newMessage(1), newMessage(2), removalMessage(3), newMessage(4)]);

      expect(await store.readStreamSince(1)).toEqual({ kind: 'replay', messages: stored.slice(1) });
      expect(await store.readStreamSince(3)).toEqual({ kind: 'replay', messages: stored.slice(3) });
      expect(await store.readStreamSince(0)).toEqual({ kind: 'replay', messages: stored });
    });

    it('when the stream is empty and the client has seen nothing, then the replay is empty', async () => {
      const { store } = await open();

      expect(await store.readStreamSince(0)).toEqual({ kind: 'replay', messages: [] });
    });

    it('when a client is current, then the replay is empty', async () => {
      const { store } = await open();
      await appendAll(store, [newMessage(1), newMessage(2)]);

      expect(await store.readStreamSince(2)).toEqual({ kind: 'replay', messages: [] });
    });

    it('when a client names a seq this stream never gave out (an earlier life of it), then it is too old', async () => {
      const { store } = await open();
      await appendAll(store, [newMessage(1), newMessage(2)]);

      expect(await store.readStreamSince(7)).toEqual({ kind: 'too_old' });
    });

    it('when messages outlived the retention, then a client that missed them is too old and a later one still replays', async () => {
      const clock = manualClock();
      const { store } = await open({ now: clock.now, retentionMs: 10 * MIN });
      await appendAll(store, [newMessage(1), newMessage(2)]);
      clock.advance(5 * MIN);
      await store.appendStream(newMessage(3));
      clock.advance(6 * MIN);

      // 1 and 2 are 11 minutes old now, 3 is 6: appending trims the first two only.
      const [fourth] = await appendAll(store, [newMessage(4)]);

      expect(await store.readStreamSince(0)).toEqual({ kind: 'too_old' });
      expect(await store.readStreamSince(1)).toEqual({ kind: 'too_old' });
      expect(await store.readStreamSince(2)).toEqual({ kind: 'replay', messages: [{ ...newMessage(3), seq: 3 }, fourth] });
      expect(await store.readStreamSince(4)).toEqual({ kind: 'replay', messages: [] });
      expect(await store.lastSeq()).toBe(4);
    });

    it('when everything but the newest message outlived the retention, then only a client at the one before it replays', async () => {
      const clock = manualClock();
      const { store } = await open({ now: clock.now, retentionMs: 1 });
      await appendAll(store, [newMessage(1), newMessage(2)]);
      clock.advance(MIN);

      const [third] = await appendAll(store, [newMessage(3)]);

      expect(await store.readStreamSince(1)).toEqual({ kind: 'too_old' });
      expect(await store.readStreamSince(2)).toEqual({ kind: 'replay', messages: [third] });
    });

    it('when another instance appends, then tailStream delivers those messages in order, and none from before it started', async () => {
      const opened = await open();
      const writer = await writerFor(opened);
      await writer.appendStream(newMessage(1));
      const received: StreamMessage[] = [];
      const unsubscribe = await opened.store.tailStream((message) => received.push(message));

      const stored = await appendAll(writer, [newMessage(2), removalMessage(3), newMessage(4)]);

      await eventually(() => expect(received).toEqual(stored));
      await unsubscribe();
    });

    it('when a tail is unsubscribed, then it gets nothing more while other tails go on', async () => {
      const opened = await open();
      const writer = await writerFor(opened);
      const first: StreamMessage[] = [];
      const second: StreamMessage[] = [];
      const unsubscribeFirst = await opened.store.tailStream((message) => first.push(message));
      const [one] = await appendAll(writer, [newMessage(1)]);
      await eventually(() => expect(first).toEqual([one]));

      await unsubscribeFirst();
      const unsubscribeSecond = await opened.store.tailStream((message) => second.push(message));
      const [two] = await appendAll(writer, [newMessage(2)]);

      await eventually(() => expect(second).toEqual([two]));
      expect(first).toEqual([one]);
      await unsubscribeSecond();
    });

    it('when a listener throws, then the tail goes on with the next messages', async () => {
      const opened = await open();
      const writer = await writerFor(opened);
      const received: StreamMessage[] = [];
      const unsubscribe = await opened.store.tailStream((message) => {
        received.push(message);
        if (message.seq === 1) throw new Error('listener bug');
      });

      const stored = await appendAll(writer, [newMessage(1), newMessage(2)]);

      await eventually(() => expect(received).toEqual(stored));
      await unsubscribe();
    });

    it('when the store is closed, then its tails stop', async () => {
      const opened = await open();
      const writer = opened.another ? await opened.another() : undefined;
      const received: StreamMessage[] = [];
      await opened.store.tailStream((message) => received.push(message));

      await opened.store.close();

      if (writer) {
        await writer.appendStream(newMessage(1));
        // A tail of the writer proves the message went out; the closed store's tail saw none.
        const seen: StreamMessage[] = [];
        const unsubscribe = await writer.tailStream((message) => seen.push(message));
        await writer.appendStream(newMessage(2));
        await eventually(() => expect(seen.map((m) => m.seq)).toEqual([2]));
        await unsubscribe();
      }
      expect(received).toEqual([]);
    });
  });
}
