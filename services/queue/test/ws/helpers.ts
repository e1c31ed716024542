import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import { createTokenSigner, createTokenVerifier, generateSigningKeyPair, type Logger, type Role } from '@canteen/service-kit';
import { createMemoryQueueStore } from '../../src/store/memory.queue-store.ts';
import type { QueueStore, StreamMessage } from '../../src/store/queue.store.ts';
import { createQueueHub, type QueueHub, type QueueHubOptions } from '../../src/ws/queue-hub.ts';
import type { Scope } from '../../src/ws/scope.ts';

/** A frame as a test reads it. */
export type Frame = { type: string; seq?: number; scope?: string; resume?: string; data?: any };

export const USERS = { alice: 101, bob: 202, staff: 900 } as const;
export const ALLOWED_ORIGIN = 'https://canteen.example';

const keys = generateSigningKeyPair();
const signerPromise = createTokenSigner(keys.privateKey, { ttlSeconds: 600 });
const verifierPromise = createTokenVerifier(keys.publicKey);

export async function tokenFor(userId: number, role: Role): Promise<string> {
  return (await (await signerPromise).sign({ userId: String(userId), email: `${userId}@canteen.test`, role })).token;
}

/** What the hub logged: level, merged fields and message. */
export interface LogCapture {
  logger: Logger;
  lines: Array<{ level: string; msg: string | undefined } & Record<string, unknown>>;
}

/** A stand-in for the pino logger that keeps each call, so a test can ask why a client was cut. */
export function captureLogs(): LogCapture {
  const lines: LogCapture['lines'] = [];
  const make = (bindings: Record<string, unknown>): unknown => {
    const at = (level: string) => (fields: unknown, msg?: string) =>
      typeof fields === 'string' ? lines.push({ ...bindings, level, msg: fields }) : lines.push({ ...bindings, ...(fields as object), level, msg });
    return {
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      fatal: at('fatal'),
    };
  };
  return { logger: make({}) as Logger, lines };
}

export interface Harness {
  url: string;
  port: number;
  server: http.Server;
  hub: QueueHub;
  store: QueueStore;
  logs: LogCapture;
  snapshotCalls: Scope[];
  /** Appends to the store's stream; the tail delivers it to the hub, as the service wires it. */
  publish(message: Omit<StreamMessage, 'seq' | 'at'>): Promise<StreamMessage>;
  stop(): Promise<void>;
}

export type HarnessOptions = Partial<Omit<QueueHubOptions, 'server' | 'verifier' | 'logger'>> & {
  store?: QueueStore;
  /** Sets up the server before the hub attaches (e.g. another upgrade listener). */
  prepare?: (server: http.Server) => void;
};

/** Orders the default snapshot knows about: alice has 1 and 3, bob has 2. */
export const SNAPSHOT_ITEMS = [queueItem(1, USERS.alice, 1, 'waiting'), queueItem(2, USERS.bob, 2, 'preparing'), queueItem(3, USERS.alice, 3, 'ready')];

export async function startHub(options: HarnessOptions = {}): Promise<Harness> {
  const { store: givenStore, prepare, ...hubOptions } = options;
  const store = givenStore ?? createMemoryQueueStore();
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  prepare?.(server);
  const logs = captureLogs();
  const snapshotCalls: Scope[] = [];
  const hub = createQueueHub({
    server,
    verifier: await verifierPromise,
    stream: store,
    allowedOrigins: [ALLOWED_ORIGIN],
    logger: logs.logger,
    snapshot: async (scope) => {
      snapshotCalls.push(scope);
      if (scope.kind === 'staff') return SNAPSHOT_ITEMS;
      if (scope.kind === 'customer') return SNAPSHOT_ITEMS.filter((item) => item.user_id === scope.userId);
      return SNAPSHOT_ITEMS.map((item) => ({ queue_number: item.queue_number, status: item.status }));
    },
    ...hubOptions,
  });
  const unsubscribe = await store.tailStream((message) => hub.broadcast(message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    server,
    hub,
    store,
    logs,
    snapshotCalls,
    publish: (message) => store.appendStream({ ...message, at: Date.now() }),
    async stop() {
      await unsubscribe();
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

export function queueItem(orderId: number, userId: number, queueNumber: number, status: string) {
  return {
    order_id: orderId,
    user_id: userId,
    queue_number: queueNumber,
    estimated_wait_time: 5,
    status,
    created_at: '2025-01-01T12:00:00.000Z',
    position: 1,
    priority: 0,
    expected_ready_at: null,
    expected_ready_at_p90: null,
    preparing_at: null,
    ready_at: null,
    items: [{ item_name: 'Tea', quantity: 1, station: 'drinks', preparation_time: 2 }],
  };
}

/** A stream message about an order, as the queue's use cases append them. */
export function update(orderId: number, userId: number, status = 'preparing', type: 'queue_update' | 'status_update' = 'status_update') {
  return { type, orderId, userId, queueNumber: orderId, status, data: queueItem(orderId, userId, orderId, status) };
}

export function removal(orderId: number, userId: number) {
  return { type: 'queue_removed' as const, orderId, userId, queueNumber: orderId, data: { order_id: orderId } };
}

export interface TestClient {
  ws: WebSocket;
  frames: Frame[];
  raw: string[];
  closed: Promise<{ code: number; reason: string }>;
  send(value: unknown): void;
  /** Waits until at least `count` frames have arrived; returns them all. */
  waitForFrames(count: number): Promise<Frame[]>;
}

export async function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options);
  const frames: Frame[] = [];
  const raw: string[] = [];
  ws.on('message', (data) => {
    const text = (data as Buffer).toString('utf8');
    raw.push(text);
    frames.push(JSON.parse(text) as Frame);
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
  });
  return {
    ws,
    frames,
    raw,
    closed,
    send: (value) => ws.send(typeof value === 'string' ? value : JSON.stringify(value)),
    async waitForFrames(count) {
      await until(() => frames.length >= count, () => `got ${frames.length} frames, waiting for ${count}: ${JSON.stringify(frames)}`);
      return frames;
    },
  };
}

/** Connects and authenticates; resolves after the welcome and its snapshot (or replay) arrived. */
export async function connectAs(url: string, token: string | null, extra: { since?: number; expectFrames?: number } = {}): Promise<TestClient> {
  const client = await connect(url);
  client.send({ type: 'auth', token, ...(extra.since === undefined ? {} : { since: extra.since }) });
  await client.waitForFrames(extra.expectFrames ?? 2);
  return client;
}

/** Polls until `condition` holds; fails with `describe()` after `timeoutMs`. */
export async function until(condition: () => boolean, describe: () => string = () => 'condition', timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
