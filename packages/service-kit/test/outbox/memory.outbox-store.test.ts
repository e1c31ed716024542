import { describe, expect, it } from 'vitest';
import { handleOnce, type InboxStore } from '../../src/outbox/inbox.ts';
import { MemoryOutboxStore } from '../../src/outbox/memory.outbox-store.ts';

describe('MemoryOutboxStore', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('when rows are claimed, then nobody else gets them until sent, failed or the lease runs out', async () => {
    const time = clock();
    const store = new MemoryOutboxStore({ now: time.now, leaseMs: 1000 });
    store.add({ eventId: 'a', routingKey: 'order.created', payload: { n: 1 } });
    store.add({ eventId: 'b', routingKey: 'order.created', payload: { n: 2 } });

    expect((await store.claimBatch(1)).map((r) => r.eventId)).toEqual(['a']);
    expect((await store.claimBatch(10)).map((r) => r.eventId)).toEqual(['b']);
    expect(await store.claimBatch(10)).toEqual([]);
    time.advance(1001);
    expect((await store.claimBatch(10)).map((r) => r.eventId)).toEqual(['a', 'b']);
  });

  it('when a row failed, then it is not handed out before its retry time, with its attempts counted', async () => {
    const time = clock();
    const store = new MemoryOutboxStore({ now: time.now });
    store.add({ eventId: 'a', routingKey: 'order.created', payload: {} });
    await store.claimBatch(10);
    await store.markFailed('a', 'broker away', new Date(time.now() + 500));

    expect(await store.claimBatch(10)).toEqual([]);
    time.advance(500);
    expect(await store.claimBatch(10)).toEqual([{ eventId: 'a', routingKey: 'order.created', payload: {}, attempts: 1 }]);
  });

  it('when a row is sent, then it is never handed out again', async () => {
    const time = clock();
    const store = new MemoryOutboxStore({ now: time.now, leaseMs: 10 });
    store.add({ eventId: 'a', routingKey: 'order.created', payload: {} });
    await store.claimBatch(10);
    await store.markSent(['a']);
    time.advance(1000);
    expect(await store.claimBatch(10)).toEqual([]);
    expect(store.sent()).toEqual(['a']);
    expect(() => store.add({ eventId: 'a', routingKey: 'order.created', payload: {} })).toThrow(/already/);
  });

  it('when the caller changes its payload object after adding, then the stored event stays as it was', async () => {
    const store = new MemoryOutboxStore();
    const payload = { n: 1 };
    store.add({ eventId: 'a', routingKey: 'order.created', payload });
    payload.n = 2;
    expect((await store.claimBatch(1))[0]!.payload).toEqual({ n: 1 });
  });
});

describe('handleOnce', () => {
  it('when the same event comes twice, then the effect runs once', async () => {
    const seen = new Set<string>();
    const inbox: InboxStore = {
      recordOnce: async (consumer, eventId) => !seen.has(`${consumer}/${eventId}`) && Boolean(seen.add(`${consumer}/${eventId}`)),
    };
    let effects = 0;
    const effect = async () => void (effects += 1);
    expect(await handleOnce(inbox, 'queue', 'e-1', effect)).toBe(true);
    expect(await handleOnce(inbox, 'queue', 'e-1', effect)).toBe(false);
    expect(await handleOnce(inbox, 'push', 'e-1', effect)).toBe(true);
    expect(effects).toBe(2);
  });
});
