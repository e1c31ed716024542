import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  PaymentFailedEventSchema,
  PaymentRefundedEventSchema,
  PaymentSucceededEventSchema,
  ROUTING_KEYS,
  type EventItem,
  type OrderStatusChangedEvent,
  type PaymentFailedEvent,
  type PaymentInitiatedEvent,
  type PaymentMethod,
  type PaymentRefundedEvent,
  type PaymentSucceededEvent,
} from '@canteen/contracts';
import {
  createInProcessBus,
  createTokenSigner,
  generateSigningKeyPair,
  silentLogger,
  type EventBus,
  type KeyPairPem,
  type Role,
} from '@canteen/service-kit';
import { createPaymentsService, loadPaymentsConfig, type PaymentsService, type PaymentsServiceOptions } from '../src/service.ts';
import type { PaymentStore } from '../src/store/payment.store.ts';
import { createSqlitePaymentStore } from '../src/store/sqlite.payment-store.ts';
import { client, eventually, expectError, type ApiResponse, type Call } from '@canteen/service-kit/testing';
export { client, eventually, expectError, type ApiResponse, type Call };

/** The users behind the test tokens; payments carry numeric user ids. */
export const USERS = { customer: 101, otherCustomer: 202, staff: 900, admin: 901 } as const;

export interface Tokens {
  admin: string;
  staff: string;
  customer: string;
  otherCustomer: string;
  forged: string;
}

async function tokensFor(keys: KeyPairPem): Promise<Tokens> {
  const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 900 });
  const forger = await createTokenSigner(generateSigningKeyPair().privateKey, { ttlSeconds: 900 });
  const sign = async (userId: number, role: Role, by = signer) =>
    (await by.sign({ userId: String(userId), email: `${userId}@canteen.test`, role })).token;
  return {
    admin: await sign(USERS.admin, 'ADMIN'),
    staff: await sign(USERS.staff, 'STAFF'),
    customer: await sign(USERS.customer, 'CUSTOMER'),
    otherCustomer: await sign(USERS.otherCustomer, 'CUSTOMER'),
    forged: await sign(USERS.admin, 'ADMIN', forger),
  };
}

export const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'payments-test-'));

export interface StartOptions extends Omit<PaymentsServiceOptions, 'logger' | 'store'> {
  /** A SQLite file to use (shared between starts); a fresh one in a temporary folder otherwise. */
  dbPath?: string;
  keys?: KeyPairPem;
  env?: Record<string, string>;
}

export interface RunningPayments {
  url: string;
  service: PaymentsService;
  store: PaymentStore;
  bus: EventBus;
  tokens: Tokens;
  keys: KeyPairPem;
  /** The SQLite file, so a replica can open the same database. */
  dbPath: string;
  call: Call;
  stop(): Promise<void>;
}

/** The real payments service on port 0 over a SQLite file, on the given bus or a fresh in-process one. */
export async function startPayments(options: StartOptions = {}): Promise<RunningPayments> {
  const keys = options.keys ?? generateSigningKeyPair();
  const dir = options.dbPath ? undefined : await tempDir();
  const dbPath = options.dbPath ?? path.join(dir!, 'payments.sqlite');
  const config = loadPaymentsConfig({
    PAYMENTS_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    PAYMENTS_DB_PATH: dbPath,
    LOG_LEVEL: 'silent',
    // No orders service here: a customer's payment for an order without one gets 503, and no
    // test ever reaches a service someone else runs on the default port.
    ORDERS_SERVICE_URL: 'http://127.0.0.1:9',
    ...options.env,
  });
  const ownBus = !options.bus && !config.AMQP_URL;
  const bus = options.bus ?? (ownBus ? createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 5 }) : undefined);
  const store = createSqlitePaymentStore(dbPath);
  const { dbPath: _dbPath, keys: _keys, env: _env, ...serviceOptions } = options;
  const service = await createPaymentsService(config, { ...serviceOptions, ...(bus ? { bus } : {}), store, logger: silentLogger() });
  const server = await service.start();
  return {
    url: server.url,
    service,
    store,
    bus: bus!,
    tokens: await tokensFor(keys),
    keys,
    dbPath,
    call: client(server.url),
    async stop() {
      await service.stop();
      if (ownBus) await bus!.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

let nextOrder = Math.floor(Math.random() * 1_000_000) * 100 + 1;
/** An order id no other test (or earlier run on a shared broker) used. */
export const newOrderId = () => nextOrder++;

export function initiatedEvent(input: {
  orderId: number;
  userId?: number;
  amount?: number;
  method?: PaymentMethod;
  token?: string;
  eventId?: string;
  items?: EventItem[];
}): PaymentInitiatedEvent {
  return {
    event_id: input.eventId ?? randomUUID(),
    event_type: 'payment_initiated',
    schema_version: 1,
    timestamp: new Date().toISOString(),
    order_id: input.orderId,
    user_id: input.userId ?? USERS.customer,
    amount: input.amount ?? 120.5,
    payment_method: input.method ?? 'mock',
    payment_token: input.token ?? null,
    payment_id: null,
    ...(input.items ? { items: input.items } : {}),
  };
}

export function cancelledEvent(input: { orderId: number; userId?: number; eventId?: string }): OrderStatusChangedEvent {
  return {
    event_id: input.eventId ?? randomUUID(),
    event_type: 'order_status_changed',
    schema_version: 1,
    timestamp: new Date().toISOString(),
    order_id: input.orderId,
    user_id: input.userId ?? USERS.customer,
    old_status: 'placed',
    new_status: 'cancelled',
    total_amount: 120.5,
    queue_number: null,
    items: [],
    cancel_reason: 'changed my mind',
    cancelled_by: 'customer',
  };
}

export const publishInitiated = (bus: EventBus, event: PaymentInitiatedEvent) =>
  bus.publish(ROUTING_KEYS.paymentInitiated, event, { messageId: event.event_id });
export const publishCancelled = (bus: EventBus, event: OrderStatusChangedEvent) =>
  bus.publish(ROUTING_KEYS.orderStatus('cancelled'), event, { messageId: event.event_id });

export interface PaymentEvents {
  succeeded: PaymentSucceededEvent[];
  failed: PaymentFailedEvent[];
  refunded: PaymentRefundedEvent[];
  /** Everything this service published about one order, by routing key. */
  of(orderId: number): { succeeded: PaymentSucceededEvent[]; failed: PaymentFailedEvent[]; refunded: PaymentRefundedEvent[] };
  cancel(): Promise<void>;
}

/** A queue of the test's own bound to `payment.*`, validating each event with its contract. */
export async function collectPaymentEvents(bus: EventBus, queue = `test.payment-events.${randomUUID()}`): Promise<PaymentEvents> {
  const events = { succeeded: [] as PaymentSucceededEvent[], failed: [] as PaymentFailedEvent[], refunded: [] as PaymentRefundedEvent[] };
  const subscription = await bus.subscribe({
    queue,
    routingKeys: [ROUTING_KEYS.paymentSucceeded, ROUTING_KEYS.paymentFailed, ROUTING_KEYS.paymentRefunded],
    handler: async (message) => {
      if (message.routingKey === ROUTING_KEYS.paymentSucceeded) events.succeeded.push(PaymentSucceededEventSchema.parse(message.body));
      else if (message.routingKey === ROUTING_KEYS.paymentFailed) events.failed.push(PaymentFailedEventSchema.parse(message.body));
      else events.refunded.push(PaymentRefundedEventSchema.parse(message.body));
      if ((message.body as { event_id?: string }).event_id !== message.messageId) throw new Error('messageId is not the event id');
    },
  });
  return {
    ...events,
    of: (orderId) => ({
      succeeded: events.succeeded.filter((event) => event.order_id === orderId),
      failed: events.failed.filter((event) => event.order_id === orderId),
      refunded: events.refunded.filter((event) => event.order_id === orderId),
    }),
    cancel: () => subscription.cancel(),
  };
}
