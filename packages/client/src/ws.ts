import type { QueueItem } from '@canteen/contracts';

/** The few members of a browser WebSocket this client uses (so Node tests can pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** A server message of `/ws` (see the contracts' realtime schemas); unknown types are passed on too. */
export type LiveMessage =
  | { type: 'welcome'; seq: number; scope: 'staff' | 'customer' | 'board'; resume: 'replay' | 'snapshot' | 'none' }
  | { type: 'snapshot'; seq: number; data: QueueItem[] }
  | { type: 'queue_update' | 'status_update'; seq: number; data: QueueItem }
  | { type: 'queue_removed'; seq: number; data: { order_id: number; queue_number?: number } }
  | { type: string; seq?: number; data?: unknown };

export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveClientOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  /** The access token for the auth message; null for the anonymous board stream. */
  token: () => Promise<string | null>;
  onMessage: (message: LiveMessage) => void;
  onState?: (state: LiveState) => void;
  /** First retry after about this long, doubling up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A ping this often; no answer (any message) within `heartbeatTimeoutMs` counts as a dead link. */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const OPEN = 1;

/**
 * Reconnect delay: exponential, capped, with full jitter (a random share of it), so that
 * a hundred phones coming back after the Wi-Fi does not knock at the same millisecond.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The `/ws` client: sends the auth message with `since` (the last `seq` it saw) on every
 * connect so the server replays what was missed, reconnects with backoff and jitter, and
 * pings to notice a link that died without a close (a phone's Wi-Fi handover).
 */
export function createLiveClient(options: LiveClientOptions) {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  let socket: SocketLike | null = null;
  let lastSeq: number | undefined;
  let attempt = 0;
  let stopped = true;
  let retryTimer: unknown = null;
  let pingTimer: unknown = null;
  let deadTimer: unknown = null;
  let state: LiveState = 'offline';

  const setState = (next: LiveState) => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };

  const clearHeartbeat = () => {
    if (pingTimer !== null) clearTimer(pingTimer);
    if (deadTimer !== null) clearTimer(deadTimer);
    pingTimer = deadTimer = null;
  };

  const scheduleHeartbeat = (current: SocketLike) => {
    clearHeartbeat();
    pingTimer = setTimer(() => {
      if (current.readyState !== OPEN) return;
      current.send(JSON.stringify({ type: 'ping' }));
      deadTimer = setTimer(() => current.close(4000, 'no answer to ping'), heartbeatTimeoutMs);
    }, heartbeatMs);
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer !== null) return;
    const delay = backoffDelay(attempt, base, max, random);
    attempt += 1;
    retryTimer = setTimer(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  function connect(): void {
    if (stopped) return;
    setState('connecting');
    let current: SocketLike;
    try {
      current = options.createSocket(options.url);
    } catch {
      setState('offline');
      scheduleReconnect();
      return;
    }
    socket = current;
    current.onopen = () => {
      void options.token().then(
        (token) => {
          if (socket !== current || current.readyState !== OPEN) return;
          current.send(JSON.stringify({ type: 'auth', token, ...(lastSeq === undefined ? {} : { since: lastSeq }) }));
          scheduleHeartbeat(current);
        },
        // No token (signed out, refresh refused): close; the reconnect asks again.
        () => current.close(4001, 'no token'),
      );
    };
    current.onmessage = (event) => {
      if (socket !== current) return;
      scheduleHeartbeat(current);
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (typeof message.seq === 'number') lastSeq = message.seq;
      if (message.type === 'welcome') {
        attempt = 0;
        setState('live');
      }
      if (message.type === 'pong') return;
      options.onMessage(message);
    };
    current.onerror = () => undefined; // a close always follows
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      clearHeartbeat();
      setState('offline');
      scheduleReconnect();
    };
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      connect();
    },
    stop(): void {
      stopped = true;
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
      clearHeartbeat();
      const current = socket;
      socket = null;
      current?.close(1000, 'bye');
      setState('offline');
    },
    /** Try now instead of waiting out the backoff (the browser said it is online again). */
    reconnectNow(): void {
      if (stopped || socket) return;
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
      attempt = 0;
      connect();
    },
    /** Forget where the stream stopped (another person signed in): the next connect gets a snapshot. */
    resetPosition(): void {
      lastSeq = undefined;
    },
    get state(): LiveState {
      return state;
    },
    get lastSeq(): number | undefined {
      return lastSeq;
    },
  };
}

export type LiveClient = ReturnType<typeof createLiveClient>;
