import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MenuItem, Order, Payment } from '@canteen/contracts';
import {
  createInProcessBus,
  createTokenSigner,
  generateSigningKeyPair,
  silentLogger,
  type BusMessage,
  type EventBus,
  type InProcessBus,
  type KeyPairPem,
  type Role,
} from '@canteen/service-kit';
import { createMenuService, loadMenuConfig, type MenuService } from '../../../menu/src/service.ts';
import { createPaymentsService, loadPaymentsConfig, type PaymentsService } from '../../../payments/src/service.ts';
import { createOrdersService, loadOrdersConfig, type OrdersService } from '../../src/service.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { client, eventually, expectError, type ApiResponse, type Call, type CallOptions } from '@canteen/service-kit/testing';
export { client, eventually, expectError, type ApiResponse, type Call, type CallOptions };

/** The secret of the services' `/internal` routes in tests: orders holds stock with it, the queue reads the active orders. */
export const SERVICE_TOKEN = randomBytes(32).toString('hex');

/** The users behind the test tokens: orders carry numeric user ids. */
export const USERS = { customer: 101, otherCustomer: 202, staff: 900, admin: 901 } as const;
export type Tokens = Record<keyof typeof USERS, string>;

export async function tokensFor(keys: KeyPairPem, users: Record<keyof typeof USERS, number> = USERS): Promise<Tokens> {
  const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 3600 });
  const sign = async (userId: number, role: Role) =>
    (await signer.sign({ userId: String(userId), email: `${userId}@canteen.test`, role })).token;
  return {
    customer: await sign(users.customer, 'CUSTOMER'),
    otherCustomer: await sign(users.otherCustomer, 'CUSTOMER'),
    staff: await sign(users.staff, 'STAFF'),
    admin: await sign(users.admin, 'ADMIN'),
  };
}

export const tempDir = (prefix = 'orders-test-') => mkdtemp(path.join(os.tmpdir(), prefix));

/** The real menu service on port 0 with the demo menu, over SQLite in `dir`. */
export async function startMenu(keys: KeyPairPem, dir: string, bus: EventBus, queuePrefix?: string): Promise<{ url: string; service: MenuService }> {
  const config = loadMenuConfig({
    MENU_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    DATA_DIR: dir,
    MENU_DB_PATH: path.join(dir, 'menu.sqlite'),
    MENU_IMAGE_DIR: path.join(dir, 'menu-images'),
    SERVICE_TOKEN,
    LOG_LEVEL: 'silent',
  });
  const service = await createMenuService(config, { bus, logger: silentLogger(), seedDemo: true, ...(queuePrefix ? { queuePrefix } : {}) });
  return { url: (await service.start()).url, service };
}

export async function startPayments(
  keys: KeyPairPem,
  dir: string,
  bus: EventBus,
  queuePrefix?: string,
  /** Where a customer's own payment request asks for the order (default ORDERS_SERVICE_URL). */
  ordersUrl?: string,
  now?: () => Date,
): Promise<{ url: string; service: PaymentsService }> {
  const config = loadPaymentsConfig({
    PAYMENTS_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    PAYMENTS_DB_PATH: path.join(dir, 'payments.sqlite'),
    LOG_LEVEL: 'silent',
  });
  const service = await createPaymentsService(config, {
    bus,
    logger: silentLogger(),
    ...(queuePrefix ? { queuePrefix } : {}),
    ...(ordersUrl ? { ordersUrl } : {}),
    ...(now ? { now } : {}),
  });
  return { url: (await service.start()).url, service };
}

export async function startOrders(
  keys: KeyPairPem,
  dir: string,
  bus: EventBus,
  menuUrl: string,
  options: { store?: OrderStore; queuePrefix?: string; now?: () => Date } = {},
): Promise<{ url: string; service: OrdersService }> {
  const config = loadOrdersConfig({
    ORDERS_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    ORDERS_DB_PATH: path.join(dir, 'orders.sqlite'),
    MENU_SERVICE_URL: menuUrl,
    // Every order reads the menu again (a cheap 304), so a menu change shows at once.
    MENU_CACHE_FRESH_MS: '0',
    SERVICE_TOKEN,
    LOG_LEVEL: 'silent',
  });
  const service = await createOrdersService(config, { bus, logger: silentLogger(), ...options });
  return { url: (await service.start()).url, service };
}

export interface Loop {
  keys: KeyPairPem;
  /** Where the services keep their SQLite files (an orders service started again on it finds its orders). */
  dir: string;
  tokens: Tokens;
  bus: EventBus;
  menu: { url: string; service: MenuService };
  payments: { url: string; service: PaymentsService };
  orders: { url: string; service: OrdersService };
  /** Calls the orders service. */
  call: Call;
  /** Calls the payments service. */
  pay: Call;
  items: Map<string, MenuItem>;
  stop(): Promise<void>;
}

/**
 * The order loop as all-in-one builds it: real menu (demo seed), payments and orders services
 * on port 0, SQLite files in a temporary folder, all on ONE in-process bus (or the bus given).
 * `ordersStore`: the orders service on that store instead (MariaDB), closed when it stops.
 * `now`: the clock of orders and payments (the real one by default).
 */
export async function startLoop(
  options: { bus?: EventBus; paymentsBus?: EventBus; ordersStore?: OrderStore; now?: () => Date } = {},
): Promise<Loop> {
  const keys = generateSigningKeyPair();
  const dir = await tempDir();
  const ownBus = !options.bus;
  const bus = options.bus ?? createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 5 });
  const menu = await startMenu(keys, dir, bus);
  // Orders first: payments asks it for a customer's order. Nothing is ordered before both run.
  const orders = await startOrders(keys, dir, bus, menu.url, {
    ...(options.ordersStore ? { store: options.ordersStore } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const payments = await startPayments(keys, dir, options.paymentsBus ?? bus, undefined, orders.url, options.now);
  const menuList = (await (await fetch(`${menu.url}/api/menu/items`)).json()) as MenuItem[];
  return {
    keys,
    dir,
    tokens: await tokensFor(keys),
    bus,
    menu,
    payments,
    orders,
    call: client(orders.url),
    pay: client(payments.url),
    items: new Map(menuList.map((item) => [item.name, item])),
    async stop() {
      await orders.service.stop();
      await payments.service.stop();
      await menu.service.stop();
      if (ownBus) await bus.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A demo menu item by name; fails loudly when the seed changed. */
export function item(loop: Pick<Loop, 'items'>, name: string): MenuItem {
  const found = loop.items.get(name);
  if (!found) throw new Error(`the demo menu has no "${name}"`);
  return found;
}

/** One line of an order for a demo item, options as `{group: [option ids]}`. */
export function line(menuItem: MenuItem, quantity = 1, options: Record<string, string[]> = {}) {
  return {
    menu_item_id: menuItem.id,
    quantity,
    options: Object.entries(options).map(([group_id, option_ids]) => ({ group_id, option_ids })),
  };
}

/** Places an order and insists on 201. */
export async function placeOrder(call: Call, token: string, body: Record<string, unknown>): Promise<Order> {
  const res = await call<Order>('POST', '/api/orders/', { token, body });
  if (res.status !== 201) throw new Error(`placing the order failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Polls the order until `predicate` holds; returns it. */
export function orderWhen(call: Call, token: string, id: number, predicate: (order: Order) => boolean, what = 'the order'): Promise<Order> {
  return eventually(async () => {
    const res = await call<Order>('GET', `/api/orders/${id}`, { token });
    if (res.status !== 200 || !predicate(res.body)) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res.body;
  });
}

/** Polls the payments service until the order's payment satisfies `predicate`. */
export function paymentWhen(pay: Call, token: string, orderId: number, predicate: (payment: Payment) => boolean): Promise<Payment> {
  return eventually(async () => {
    const res = await pay<Payment>('GET', `/api/payments/order/${orderId}`, { token });
    if (res.status !== 200 || !predicate(res.body)) throw new Error(`payment of order ${orderId}: ${res.status} ${res.text}`);
    return res.body;
  });
}

export interface Probe {
  received: BusMessage[];
  of(orderId: number, routingKey?: string): BusMessage[];
  cancel(): Promise<void>;
}

/** A queue of the test's own on the bus, keeping every message that matches `routingKeys`. */
export async function probe(bus: EventBus, routingKeys: string[], queue = `test.probe.${randomUUID()}`): Promise<Probe> {
  const received: BusMessage[] = [];
  const subscription = await bus.subscribe({ queue, routingKeys, handler: async (message) => void received.push(message) });
  return {
    received,
    of: (orderId, routingKey) =>
      received.filter(
        (m) => (m.body as { order_id?: unknown }).order_id === orderId && (routingKey === undefined || m.routingKey === routingKey),
      ),
    cancel: () => subscription.cancel(),
  };
}

/**
 * Carries events between two buses as a test likes. Held (the default), each message waits
 * for `release`, which delivers the batch three times, newest first, with the original
 * messageIds: a broker redelivering and reordering as badly as it may. With `forward`, each
 * message crosses at once, once.
 */
export interface Lane {
  held: BusMessage[];
  /** Everything that ever crossed, once per publish by the producer. */
  seen: BusMessage[];
  release(): Promise<number>;
}

export async function lane(
  from: EventBus,
  to: EventBus,
  queue: string,
  routingKeys: string[],
  options: { forward?: boolean } = {},
): Promise<Lane> {
  const state: Lane = {
    held: [],
    seen: [],
    async release() {
      const batch = state.held.splice(0).reverse();
      for (let round = 0; round < 3; round++) {
        for (const message of batch) await to.publish(message.routingKey, message.body, { messageId: message.messageId });
      }
      return batch.length;
    },
  };
  await from.subscribe({
    queue,
    routingKeys,
    handler: async (message) => {
      state.seen.push(message);
      if (options.forward) await to.publish(message.routingKey, message.body, { messageId: message.messageId });
      else state.held.push(message);
    },
  });
  return state;
}

export interface SplitBuses {
  /** The orders service's (and the menu's) bus; startLoop's `bus`. */
  ordersBus: InProcessBus;
  /** The payments service's bus; startLoop's `paymentsBus`. */
  paymentsBus: InProcessBus;
  /** What the orders side sends the payments service: held until released. */
  toPayments: Lane;
  /** What the payments service sends back: held, or forwarded at once with `forwardToOrders`. */
  toOrders: Lane;
  close(): Promise<void>;
}

/** Two buses joined by lanes the test controls; the lanes' queues exist before anything is published. */
export async function splitBuses(options: { forwardToOrders?: boolean } = {}): Promise<SplitBuses> {
  const ordersBus = createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 5 });
  const paymentsBus = createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 5 });
  const toPayments = await lane(ordersBus, paymentsBus, 'test.lane.to-payments', ['order.*', 'payment.initiated']);
  const toOrders = await lane(paymentsBus, ordersBus, 'test.lane.to-orders', ['payment.success', 'payment.failed', 'payment.refunded'], {
    forward: options.forwardToOrders ?? false,
  });
  return {
    ordersBus,
    paymentsBus,
    toPayments,
    toOrders,
    async close() {
      await ordersBus.close();
      await paymentsBus.close();
    },
  };
}
