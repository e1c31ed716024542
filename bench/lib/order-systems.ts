/**
 * The two deployments the order loop measures, started as real processes:
 * - all-in-one: `launcher/src/all-in-one.ts` (embedded stores, in-process bus, demo menu);
 * - distributed: menu, payments, orders and the BFF each on its own, over the real RabbitMQ,
 *   orders on a fresh MariaDB database, menu and payments on SQLite files in a temp folder.
 * Both hand back the BFF's URL, the items to order and what to watch for CPU.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BacklogWatch, watchQueues } from './backlog.ts';
import { assertPortsFree, onCleanup, removeOnCrash, startChild, stopChild, type Child } from './children.ts';
import type { CpuTarget } from './cpu.ts';
import { createDatabase, deleteQueues, dropDatabase, flushRedisDatabase, listDatabases, mysqlUrl, parseMysqlUrl, type MysqlServer } from './infra.ts';
import type { OrderableItem } from './order-load.ts';

export type Mode = 'all-in-one' | 'distributed';

export interface SystemUnderTest {
  mode: Mode;
  baseUrl: string;
  items: OrderableItem[];
  cpuTargets: CpuTarget[];
  /** The processes started for it (their logged warnings and errors go into the report). */
  children: Child[];
  /** What runs where, for the report. */
  description: string[];
  /** The broker's queues whose backlog the report shows (distributed only). */
  watchBacklog?(): Promise<BacklogWatch>;
  stop(): Promise<void>;
}

export interface SystemKeys {
  publicKey: string;
  privateKey: string;
  /** An ADMIN token signed with the private key (to create a menu). */
  adminToken: string;
}

/** Queues the services declare on the broker (fixed names; dead letters in `<name>.dead`). */
export const SERVICE_QUEUES = ['orders.payment-events', 'orders.eta-promises', 'payments.payment-initiated', 'payments.order-cancelled', 'queue.order-events', 'menu.order-events'] as const;

const tsx = path.resolve('node_modules/.bin/tsx');
/**
 * BENCH_PROFILE_DIR: each process of the system under test runs as `node --cpu-prof --import tsx`
 * and writes its CPU profiles (one per thread) to `<dir>/<process>/` when it stops, to be opened
 * in Chrome's DevTools or any .cpuprofile viewer. Profiling slows the system a little.
 */
const profileDir = process.env.BENCH_PROFILE_DIR ? path.resolve(process.env.BENCH_PROFILE_DIR) : undefined;
/** The command and arguments that run a TypeScript entry point as the process `name`. */
function runEntry(name: string, entry: string): [string, string[]] {
  if (!profileDir) return [tsx, [entry]];
  return [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name)}`, '--import', 'tsx', entry]];
}
/**
 * The BFF's per-user order budget (default 20 a minute) guards against abuse, not load: a
 * lunch rush is many students ordering once. The limiter still runs on every order (its cost
 * is measured); only its budget is lifted so a few thousand bench customers are not refused.
 */
const UNLIMITED_ORDERS = { ORDER_RATE_PER_MINUTE: '1000000' };
export const ORDER_BUDGET_NOTE = 'BFF ORDER_RATE_PER_MINUTE=1000000 (the per-user limiter runs, its budget is lifted)';
const self: CpuTarget = { name: 'bench (load generator)', self: true };

/**
 * The system's ports: BENCH_PORT_BASE (bff, users, menu, orders, queue, payments from there)
 * lets engineers sharing a machine each run the bench on their own block; the modes run one
 * after the other, so both may use the same block.
 */
function portsFrom(defaultBase: number) {
  const base = Number(process.env.BENCH_PORT_BASE ?? defaultBase);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error(`BENCH_PORT_BASE must be a port number (got ${process.env.BENCH_PORT_BASE})`);
  return { bff: base, users: base + 1, menu: base + 2, orders: base + 3, queue: base + 4, payments: base + 5 };
}

export async function startAllInOne(keys: SystemKeys): Promise<SystemUnderTest> {
  const ports = portsFrom(18080);
  await assertPortsFree(Object.values(ports));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-order-loop-'));
  onCleanup('remove the all-in-one data folder', async () => rmSync(dataDir, { recursive: true, force: true }));
  removeOnCrash(dataDir);
  const baseUrl = `http://127.0.0.1:${ports.bff}`;
  const child = await startChild(
    'all-in-one',
    ...runEntry('all-in-one', 'launcher/src/all-in-one.ts'),
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      BFF_PORT: String(ports.bff),
      USERS_PORT: String(ports.users),
      MENU_PORT: String(ports.menu),
      ORDERS_PORT: String(ports.orders),
      QUEUE_PORT: String(ports.queue),
      PAYMENTS_PORT: String(ports.payments),
      JWT_PUBLIC_KEY: keys.publicKey,
      JWT_PRIVATE_KEY: keys.privateKey,
      ...UNLIMITED_ORDERS,
    },
    `${baseUrl}/health`,
  );
  return {
    mode: 'all-in-one',
    baseUrl,
    items: await orderableItems(baseUrl),
    cpuTargets: [{ name: 'all-in-one', pgid: child.pgid }, self],
    children: [child],
    description: [
      `one process: \`tsx launcher/src/all-in-one.ts\`, BFF on :${ports.bff}, DATA_DIR ${dataDir} (fresh), demo menu, LOG_LEVEL=warn`,
      'stores: embedded (orders and payments on better-sqlite3, users on PGlite, queue in memory); bus: in-process; the queue service consumes order.created/confirmed (orders are never completed here, so its active queue grows all run)',
      ORDER_BUDGET_NOTE,
    ],
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startDistributed(keys: SystemKeys, amqpUrl: string, mysqlServerUrl: string, redisUrl: string): Promise<SystemUnderTest> {
  const ports = portsFrom(18180);
  await assertPortsFree(Object.values(ports));
  const dir = mkdtempSync(path.join(tmpdir(), 'canteen-order-loop-dist-'));
  onCleanup('remove the distributed temp folder', async () => rmSync(dir, { recursive: true, force: true }));
  removeOnCrash(dir);
  const mysqlServer = parseMysqlUrl(mysqlServerUrl);
  await dropOrphanedDatabases(mysqlServer);
  // The pid in the name lets a later run tell an orphan (its run was killed) from a live one.
  const database = `${DATABASE_PREFIX}${process.pid}_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  await createDatabase(mysqlServer, database);
  onCleanup(`drop database ${database}`, () => dropDatabase(mysqlServer, database));
  // Queues outlive runs (quorum, durable): messages of an earlier run must not reach this one.
  await deleteQueues(amqpUrl, SERVICE_QUEUES);
  onCleanup('delete the services’ queues', async () => void (await deleteQueues(amqpUrl, SERVICE_QUEUES)));
  await flushRedisDatabase(redisUrl);
  onCleanup('empty the bench’s Redis database', () => flushRedisDatabase(redisUrl));

  const url = (port: number) => `http://127.0.0.1:${port}`;
  const common = { LOG_LEVEL: 'warn', HOST: '127.0.0.1', JWT_PUBLIC_KEY: keys.publicKey, DATA_DIR: dir };
  const children: Child[] = [];
  const start = async (name: string, entry: string, env: Record<string, string>, ready: string) => {
    const child = await startChild(name, ...runEntry(name, entry), { ...common, ...env }, ready);
    children.push(child);
    return child;
  };
  const stopAll = async () => {
    // The BFF first, the services the others call last.
    for (const child of [...children].reverse()) await stopChild(child);
    children.length = 0;
  };
  try {
    await Promise.all([
      start('menu', 'services/menu/src/main.ts', { MENU_PORT: String(ports.menu), MENU_DB_PATH: path.join(dir, 'menu.sqlite'), AMQP_URL: amqpUrl }, `${url(ports.menu)}/health`),
      start(
        'payments',
        'services/payments/src/main.ts',
        { PAYMENTS_PORT: String(ports.payments), PAYMENTS_DB_PATH: path.join(dir, 'payments.sqlite'), AMQP_URL: amqpUrl },
        `${url(ports.payments)}/health`,
      ),
    ]);
    // The queue service announces confirmed orders on /ws: the customers' feed of confirmations.
    await start(
      'queue',
      'services/queue/src/main.ts',
      { QUEUE_PORT: String(ports.queue), QUEUE_REDIS_URL: redisUrl, ORDERS_SERVICE_URL: url(ports.orders), AMQP_URL: amqpUrl },
      `${url(ports.queue)}/health`,
    );
    await start(
      'orders',
      'services/orders/src/main.ts',
      {
        ORDERS_PORT: String(ports.orders),
        ORDERS_DATABASE_URL: mysqlUrl(mysqlServer, database),
        MENU_SERVICE_URL: url(ports.menu),
        AMQP_URL: amqpUrl,
      },
      `${url(ports.orders)}/health`,
    );
    await start(
      'bff',
      'bff/src/main.ts',
      {
        BFF_PORT: String(ports.bff),
        // Not started: tokens are signed here, so the users service is not on the order path.
        USERS_SERVICE_URL: url(ports.users),
        MENU_SERVICE_URL: url(ports.menu),
        ORDERS_SERVICE_URL: url(ports.orders),
        PAYMENTS_SERVICE_URL: url(ports.payments),
        QUEUE_SERVICE_URL: url(ports.queue),
        ...UNLIMITED_ORDERS,
      },
      `${url(ports.bff)}/api/menu/items`,
    );
    const baseUrl = url(ports.bff);
    await createBenchMenu(baseUrl, keys.adminToken);
    return {
      mode: 'distributed',
      baseUrl,
      items: await orderableItems(baseUrl),
      cpuTargets: [
        ...children.map((child): CpuTarget => ({ name: child.name, pgid: child.pgid })),
        { name: 'rabbitmq', comm: 'beam.smp' },
        { name: 'mariadb', comm: 'mariadbd' },
        { name: 'redis', comm: 'redis-server' },
        self,
      ],
      children: [...children],
      description: [
        `processes: menu :${ports.menu}, payments :${ports.payments}, queue :${ports.queue}, orders :${ports.orders}, BFF :${ports.bff} (each \`tsx <service>/src/main.ts\`, LOG_LEVEL=warn)`,
        `bus: RabbitMQ ${redact(amqpUrl)}; orders: MariaDB database \`${database}\` (created for this run, dropped after) over ${mysqlServer.socketPath ? `its Unix socket ${mysqlServer.socketPath}` : `TCP ${mysqlServer.host}:${mysqlServer.port}`}; queue: Redis ${redisUrl} (emptied before and after); menu and payments: SQLite files in ${dir}`,
        'menu: 5 categories and 5 items created through the BFF with an ADMIN token signed here; users service not started (tokens are signed here); orders are never completed, so the queue of active orders grows all run',
        ORDER_BUDGET_NOTE,
      ],
      watchBacklog: () => watchQueues(amqpUrl, SERVICE_QUEUES),
      stop: async () => {
        await stopAll();
        await deleteQueues(amqpUrl, SERVICE_QUEUES);
        await flushRedisDatabase(redisUrl);
        await dropDatabase(mysqlServer, database);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const DATABASE_PREFIX = 'bench_order_loop_';

/** Databases of earlier runs on this machine that were killed before they could drop them. */
async function dropOrphanedDatabases(server: MysqlServer): Promise<void> {
  for (const name of await listDatabases(server, DATABASE_PREFIX)) {
    const pid = Number(/^bench_order_loop_(\d+)_/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    await dropDatabase(server, name);
    process.stderr.write(`dropped ${name}, left by a run that was killed\n`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const redact = (value: string) => value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** The menu service seeds nothing on its own: a small canteen, one item per category. */
async function createBenchMenu(baseUrl: string, adminToken: string): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const post = async (pathname: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${pathname}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${pathname} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const menu = [
    { category: 'Breakfast', item: 'Masala Dosa', price: 60, station: 'stove' },
    { category: 'North Indian Meals', item: 'Veg Thali', price: 120, station: 'stove' },
    { category: 'Snacks & Chaat', item: 'Samosa (2 pcs)', price: 30, station: 'fryer' },
    { category: 'Sandwiches & Rolls', item: 'Paneer Kathi Roll', price: 80, station: 'grill' },
    { category: 'Beverages', item: 'Cutting Chai', price: 15, station: 'drinks' },
  ];
  for (const [index, entry] of menu.entries()) {
    const category = await post('/api/menu/categories', { name: entry.category, display_order: index + 1 });
    await post('/api/menu/items', {
      name: entry.item,
      category_id: category.id,
      price: entry.price,
      station: entry.station,
      preparation_time: 5 + index,
      // One item with a required choice, so orders carry options as real ones do.
      option_groups:
        entry.station === 'drinks'
          ? [{ name: 'Sugar', min: 1, max: 1, options: [{ name: 'Normal' }, { name: 'Less sugar' }, { name: 'No sugar' }] }]
          : [],
    });
  }
}

interface MenuItemView {
  id: string;
  name: string;
  available: boolean;
  stock: number | null;
  option_groups: { id: string; min: number; options: { id: string; available: boolean }[] }[];
}

/**
 * Items any number of orders can buy (available, stock not counted), each with the options
 * its required groups need: the first available ones.
 */
async function orderableItems(baseUrl: string): Promise<OrderableItem[]> {
  const response = await fetch(`${baseUrl}/api/menu/items`);
  if (!response.ok) throw new Error(`GET /api/menu/items → ${response.status}`);
  const items = ((await response.json()) as MenuItemView[])
    .filter((item) => item.available && item.stock === null)
    .map((item) => ({
      id: item.id,
      name: item.name,
      options: item.option_groups
        .filter((group) => group.min > 0)
        .map((group) => ({
          group_id: group.id,
          option_ids: group.options.filter((option) => option.available).slice(0, group.min).map((option) => option.id),
        })),
    }));
  if (items.length === 0) throw new Error('the menu has no item that can be ordered');
  return items;
}

/** The bench's small menu, created through the BFF, and what can be ordered from it. */
export async function createOrderableMenu(baseUrl: string, adminToken: string): Promise<OrderableItem[]> {
  await createBenchMenu(baseUrl, adminToken);
  return orderableItems(baseUrl);
}
