import { describe, expect, it } from 'vitest';
import { backoffDelay, createLiveClient, type LiveMessage, type SocketLike } from './ws.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  closed: { code?: number } | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number) {
    this.closed = { code };
    this.readyState = 3;
    this.onclose?.({});
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

/** Timers the test fires by hand, so no test waits on the clock. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  return {
    setTimer: (fn: () => void, ms: number) => {
      next += 1;
      pending.set(next, { fn, ms });
      return next;
    },
    clearTimer: (handle: unknown) => pending.delete(handle as number),
    delays: () => [...pending.values()].map((t) => t.ms),
    /** Fires the one timer of `ms` that is due. */
    fire(ms: number) {
      const entry = [...pending].find(([, t]) => t.ms === ms);
      if (!entry) throw new Error(`no timer of ${ms} ms; pending ${JSON.stringify(this.delays())}`);
      pending.delete(entry[0]);
      entry[1].fn();
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(random = () => 1) {
  const sockets: FakeSocket[] = [];
  const timers = manualTimers();
  const messages: LiveMessage[] = [];
  const states: string[] = [];
  const client = createLiveClient({
    url: 'ws://canteen/ws',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    token: async () => 'access-1',
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    baseDelayMs: 500,
    maxDelayMs: 8000,
    heartbeatMs: 25_000,
    heartbeatTimeoutMs: 10_000,
    random,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { client, sockets, timers, messages, states };
}

describe('the /ws client', () => {
  it('when the socket opens, then the first message is auth with the token and no since', async () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    await flush();
    expect(sockets[0]!.sent).toEqual([{ type: 'auth', token: 'access-1' }]);
  });

  it('when the link drops and comes back, then the auth message asks for what came after the last seq', async () => {
    const { client, sockets, timers, messages, states } = setup();
    client.start();
    sockets[0]!.open();
    await flush();
    sockets[0]!.receive({ type: 'welcome', seq: 4, scope: 'customer', resume: 'none' });
    sockets[0]!.receive({ type: 'status_update', seq: 9, data: { order_id: 1 } });
    sockets[0]!.drop();
    expect(states).toEqual(['connecting', 'live', 'offline']);

    timers.fire(500);
    sockets[1]!.open();
    await flush();
    expect(sockets[1]!.sent).toEqual([{ type: 'auth', token: 'access-1', since: 9 }]);
    expect(messages.map((m) => m.type)).toEqual(['welcome', 'status_update']);
  });

  it('when connecting keeps failing, then the delays double up to the cap and start over after a welcome', async () => {
    const { client, sockets, timers } = setup();
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      sockets.at(-1)!.drop();
      delays.push(timers.delays()[0]!);
      timers.fire(delays.at(-1)!);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);

    sockets.at(-1)!.open();
    await flush();
    sockets.at(-1)!.receive({ type: 'welcome', seq: 1, scope: 'customer', resume: 'none' });
    sockets.at(-1)!.drop();
    expect(timers.delays()).toEqual([500]);
  });

  it('when the delay is drawn, then the jitter keeps it between half the ceiling and the ceiling', () => {
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(2000);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(3000);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
  });

  it('when a ping gets no answer, then the socket is closed and a new one is opened', async () => {
    const { client, sockets, timers } = setup();
    client.start();
    sockets[0]!.open();
    await flush();
    sockets[0]!.receive({ type: 'welcome', seq: 1, scope: 'customer', resume: 'none' });

    timers.fire(25_000);
    expect(sockets[0]!.sent.at(-1)).toEqual({ type: 'ping' });
    timers.fire(10_000);
    expect(sockets[0]!.closed).toEqual({ code: 4000 });
    timers.fire(500);
    expect(sockets).toHaveLength(2);
  });

  it('when the pong comes back, then the link is kept and the pong is not passed to the app', async () => {
    const { client, sockets, timers, messages } = setup();
    client.start();
    sockets[0]!.open();
    await flush();
    timers.fire(25_000);
    sockets[0]!.receive({ type: 'pong' });
    expect(sockets[0]!.closed).toBeNull();
    expect(timers.delays()).toEqual([25_000]);
    expect(messages).toEqual([]);
  });

  it('when stopped, then the socket is closed and nothing reconnects', async () => {
    const { client, sockets, timers } = setup();
    client.start();
    sockets[0]!.open();
    await flush();
    client.stop();
    expect(sockets[0]!.closed).toEqual({ code: 1000 });
    expect(timers.delays()).toEqual([]);
  });
});
