import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrderStatusChangedEventSchema, type EventItem, type Order } from '@canteen/contracts';
import {
  createInProcessBus,
  createTokenSigner,
  generateSigningKeyPair,
  silentLogger,
  type EventBus,
  type InProcessBus,
  type KeyPairPem,
  type Role,
} from '@canteen/service-kit';
import { ORDER_EVENTS_CONSUMER } from '../../src/events/order-events.handler.ts';
import { createQueueService, loadQueueConfig, type QueueService } from '../../src/service.ts';
import { createMemoryQueueStore } from '../../src/store/memory.queue-store.ts';
import type { QueueStore, StreamMessage } from '../../src/store/queue.store.ts';
import { client, eventually, expectError, steadyClock, type ApiResponse, type Call } from '@canteen/service-kit/testing';
export { client, eventually, expectError, type ApiResponse, type Call };

export const MINUTE = 60_000;
/** 12:00 in Kolkata on a Monday: far from midnight, so only the day-boundary test crosses it. */
export const NOON_IST = Date.parse('2025-06-02T06:30:00Z');
export const ALLOWED_ORIGIN = 'https://canteen.example';

/** A clock the test moves by hand; the service, its store and the events all read it. */
export interface Clock {
  now(): number;
  set(at: number): void;
  advance(ms: number): void;
}

export function manualClock(start = NOON_IST): Clock {
  let at = start;
  return { now: () => at, set: (value) => void (at = value), advance: (ms) => void (at += ms) };
}

/**
 * Real time, running from noon in Kolkata: for tests where time must pass by itself (two
 * instances, real Redis), with the canteen's midnight always hours away.
 */
export const runningClock = (): Clock => ({
  now: steadyClock(NOON_IST).now,
  set: () => {
    throw new Error('a running clock cannot be set');
  },
  advance: () => {
    throw new Error('a running clock cannot be moved');
  },
});

const sharedKeys = generateSigningKeyPair();
const signerFor = new Map<string, ReturnType<typeof createTokenSigner>>();

/** A token for `userId` with `role`, signed by the key pair the service trusts. */
export async function tokenFor(userId: number, role: Role, keys: KeyPairPem = sharedKeys): Promise<string> {
  let signer = signerFor.get(keys.privateKey);
  if (!signer) signerFor.set(keys.privateKey, (signer = createTokenSigner(keys.privateKey, { ttlSeconds: 900 })));
  return (await (await signer).sign({ userId: String(userId), email: `${userId}@canteen.test`, role })).token;
}

export const USERS = { alice: 101, bob: 202, carol: 303, staff: 900, admin: 901 } as const;

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** A shared store (several instances); an in-memory one on `clock` otherwise. */
  store?: QueueStore;
  /** A shared bus; a fresh in-process one otherwise (stopped with the service). */
  bus?: EventBus;
  ordersUrl?: string;
  keys?: KeyPairPem;
}

export interface RunningQueue {
  url: string;
  wsUrl: string;
  service: QueueService;
  store: QueueStore;
  bus: EventBus;
  clock: Clock;
  keys: KeyPairPem;
  call: Call;
  stop(): Promise<void>;
}

/** The real queue service on port 0, as all-in-one builds it: memory store, in-process bus. */
export async function startQueue(options: StartOptions = {}): Promise<RunningQueue> {
  const keys = options.keys ?? sharedKeys;
  const clock = options.clock ?? manualClock();
  const config = loadQueueConfig({
    QUEUE_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    CORS_ORIGINS: ALLOWED_ORIGIN,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const ownBus: InProcessBus | undefined = options.bus ? undefined : createInProcessBus({ logger: silentLogger() });
  const bus = options.bus ?? ownBus!;
  const store = options.store ?? createMemoryQueueStore({ now: clock.now });
  const service = await createQueueService(config, {
    bus,
    store,
    logger: silentLogger(),
    now: clock.now,
    ...(options.ordersUrl ? { ordersUrl: options.ordersUrl } : {}),
  });
  const server = await service.start();
  return {
    url: server.url,
    wsUrl: `${server.url.replace(/^http/, 'ws')}/ws`,
    service,
    store,
    bus,
    clock,
    keys,
    call: client(server.url),
    async stop() {
      await service.stop();
      await ownBus?.close();
    },
  };
}

export type OrderStatus = 'confirmed' | 'preparing' | 'ready' | 'completed' | 'cancelled';
const PREVIOUS: Record<OrderStatus, string> = {
  confirmed: 'placed',
  preparing: 'confirmed',
  ready: 'preparing',
  completed: 'ready',
  cancelled: 'confirmed',
};

export const TEA: EventItem = { menu_item_id: 'tea', item_name: 'Masala tea', quantity: 1, price: 20, station: 'drinks', preparation_time: 3 };

export interface OrderEventInput {
  orderId: number;
  userId: number;
  status: OrderStatus;
  items?: EventItem[];
  /** Default: the service's clock now. */
  at?: number;
  /** Default: a fresh UUID (redeliveries reuse one). */
  eventId?: string;
}

/** Publishes an order status event as the orders service's outbox would; returns its id. */
export async function publishOrderEvent(queue: Pick<RunningQueue, 'bus' | 'clock'>, input: OrderEventInput): Promise<string> {
  const eventId = input.eventId ?? randomUUID();
  const event = OrderStatusChangedEventSchema.parse({
    event_id: eventId,
    event_type: 'order_status_changed',
    schema_version: 1,
    timestamp: new Date(input.at ?? queue.clock.now()).toISOString(),
    order_id: input.orderId,
    user_id: input.userId,
    old_status: PREVIOUS[input.status],
    new_status: input.status,
    total_amount: 20,
    queue_number: null,
    items: input.items ?? [TEA],
  });
  await queue.bus.publish(`order.${input.status}`, event, { messageId: eventId });
  return eventId;
}

/** Waits until the queue service has handled (and recorded) the event. */
export async function handled(store: QueueStore, eventId: string): Promise<void> {
  await eventually(async () => {
    if (!(await store.isRecorded(ORDER_EVENTS_CONSUMER, eventId))) throw new Error(`event ${eventId} not handled yet`);
  });
}

/** Publishes and waits for the service to handle it. */
export async function deliver(queue: RunningQueue, input: OrderEventInput): Promise<string> {
  const eventId = await publishOrderEvent(queue, input);
  await handled(queue.store, eventId);
  return eventId;
}

/** Puts an order in the queue through the event the orders service sends on confirmation. */
export const confirm = (queue: RunningQueue, orderId: number, userId: number, extra: Partial<OrderEventInput> = {}) =>
  deliver(queue, { orderId, userId, status: 'confirmed', ...extra });

export async function streamSince(store: QueueStore, since = 0): Promise<StreamMessage[]> {
  const result = await store.readStreamSince(since);
  if (result.kind !== 'replay') throw new Error('stream too old to replay');
  return result.messages;
}

export interface RecordedCall {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** An order as the orders service shows it, for the stand-in below to answer GET /api/orders/{id} with. */
export const fakeOrder = (id: number, userId: number, status: OrderStatus | 'placed', queueNumber: number | null, at = NOON_IST): Order => ({
  id,
  user_id: userId,
  total_amount: 20,
  currency: 'INR',
  status,
  payment_id: 'pay_1',
  payment_method: 'mock',
  payment_status: 'paid',
  refunded_amount: 0,
  queue_number: queueNumber,
  special_instructions: null,
  cancel_reason: null,
  created_at: new Date(at).toISOString(),
  updated_at: new Date(at).toISOString(),
  items: [{ id: 1, menu_item_id: 'tea', item_name: 'Masala tea', quantity: 1, price: 20, special_instructions: null, total_price: 20, options: [], station: 'drinks', preparation_time: 3 }],
});

/**
 * A stand-in for the orders service: records each change it is asked for and answers `status`;
 * GET /api/orders/{id} answers the order from `orders` (404 for any other).
 */
export async function startFakeOrders(status: number | ((call: RecordedCall) => number) = 200, orders: Order[] = []) {
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'GET') {
        const known = orders.find((order) => req.url === `/api/orders/${order.id}`);
        if (known) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(known));
        else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no such order' } }));
        return;
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined };
      calls.push(recorded);
      const code = typeof status === 'function' ? status(recorded) : status;
      const body = code < 300 ? { ok: true } : { error: { code: code === 409 ? 'ILLEGAL_TRANSITION' : 'NOT_FOUND', message: 'from the fake orders service' } };
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
