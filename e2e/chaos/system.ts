/**
 * The canteen in distributed mode on the chaos suite's private stores: users, menu, payments,
 * queue, orders and the BFF each a process of its own (`spawnService`), over the private
 * RabbitMQ; orders on a database of the private MariaDB, the queue on the private Redis, menu
 * and payments on SQLite files, users on PGlite, all in the stores' temp folder. Any service
 * can be SIGKILLed and started again on the same port and data.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { OrderableItem } from '../../bench/lib/order-load.ts';
import { createOrderableMenu } from '../../bench/lib/order-systems.ts';
import { createTokenSigner } from '../../packages/service-kit/src/auth/jwt.ts';
import { generateSigningKeyPair } from '../../packages/service-kit/src/auth/keys.ts';
import { asRoot, freePort, spawnService, type ChildService } from '../order-loop/helpers.ts';
import type { PrivateStores } from './private-stores.ts';

export const SERVICES = ['users', 'menu', 'payments', 'queue', 'orders', 'bff'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ORDERS_DATABASE = 'chaos_orders';

export interface ChaosSystem {
  baseUrl: string;
  items: OrderableItem[];
  /** Customers with tokens signed here (the users service is not on the order path). */
  customers: { token: string; userId: number }[];
  ordersDatabaseUrl: string;
  paymentsDbPath: string;
  /** SIGKILL to the service's process group. */
  kill(name: ServiceName): Promise<void>;
  /** Starts it again (same port, same data) and waits until it is healthy. */
  start(name: ServiceName): Promise<void>;
  /** The tail of a service's output (for failure messages). */
  output(name: ServiceName): string;
  stop(): Promise<void>;
}

interface Spec {
  script: string;
  port: number;
  env: Record<string, string>;
}

export interface ChaosSystemOptions {
  customers: number;
  /** BUS_RETRY_DELAYS_MS for every service; unset: the bus's default (as deployed). */
  busRetryDelaysMs?: string;
}

export async function startChaosSystem(stores: PrivateStores, options: ChaosSystemOptions): Promise<ChaosSystem> {
  const dir = path.join(stores.dir, 'services');
  mkdirSync(dir);
  const keys = generateSigningKeyPair();
  const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 6 * 3600 });
  const admin = (await signer.sign({ userId: '900001', email: 'chaos-admin@canteen.local', role: 'ADMIN' })).token;
  const customers: ChaosSystem['customers'] = [];
  for (let userId = 100_000; userId < 100_000 + options.customers; userId++) {
    const { token } = await signer.sign({ userId: String(userId), email: `chaos-${userId}@canteen.local`, role: 'CUSTOMER' });
    customers.push({ token, userId });
  }

  await asRoot(stores.mariadb.url, (conn) => conn.query(`CREATE DATABASE \`${ORDERS_DATABASE}\` CHARACTER SET utf8mb4`));
  const ordersDatabaseUrl = new URL(ORDERS_DATABASE, stores.mariadb.url).toString();
  const paymentsDbPath = path.join(dir, 'payments.sqlite');

  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const))) as Record<ServiceName, number>;
  const url = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;
  const common: Record<string, string> = {
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    JWT_PUBLIC_KEY: keys.publicKey,
    SERVICE_TOKEN: randomBytes(32).toString('hex'),
    USERS_SERVICE_URL: url('users'),
    ...(options.busRetryDelaysMs ? { BUS_RETRY_DELAYS_MS: options.busRetryDelaysMs } : {}),
  };
  const amqp = { AMQP_URL: stores.rabbitmq.url };
  const specs: Record<ServiceName, Spec> = {
    users: { script: 'services/users/src/main.ts', port: ports.users, env: { USERS_PORT: String(ports.users), JWT_PRIVATE_KEY: keys.privateKey, ...amqp } },
    menu: { script: 'services/menu/src/main.ts', port: ports.menu, env: { MENU_PORT: String(ports.menu), MENU_DB_PATH: path.join(dir, 'menu.sqlite'), ...amqp } },
    payments: {
      script: 'services/payments/src/main.ts',
      port: ports.payments,
      env: { PAYMENTS_PORT: String(ports.payments), PAYMENTS_DB_PATH: paymentsDbPath, ORDERS_SERVICE_URL: url('orders'), ...amqp },
    },
    queue: {
      script: 'services/queue/src/main.ts',
      port: ports.queue,
      env: { QUEUE_PORT: String(ports.queue), QUEUE_REDIS_URL: stores.redis.url, ORDERS_SERVICE_URL: url('orders'), ...amqp },
    },
    orders: {
      script: 'services/orders/src/main.ts',
      port: ports.orders,
      env: {
        ORDERS_PORT: String(ports.orders),
        ORDERS_DATABASE_URL: ordersDatabaseUrl,
        MENU_SERVICE_URL: url('menu'),
        PAYMENTS_SERVICE_URL: url('payments'),
        ...amqp,
      },
    },
    bff: {
      script: 'bff/src/main.ts',
      port: ports.bff,
      env: {
        BFF_PORT: String(ports.bff),
        MENU_SERVICE_URL: url('menu'),
        ORDERS_SERVICE_URL: url('orders'),
        PAYMENTS_SERVICE_URL: url('payments'),
        QUEUE_SERVICE_URL: url('queue'),
        // The per-user budget guards against abuse, not load: lifted so the load is not refused.
        ORDER_RATE_PER_MINUTE: '1000000',
      },
    },
  };

  const running = new Map<ServiceName, ChildService>();
  // A run that ends without stop() (an exception, Ctrl-C) leaves no service behind.
  const onExit = () => {
    for (const service of running.values()) {
      try {
        process.kill(-service.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', onExit);
  const lastOutput = new Map<ServiceName, string>();
  const start = async (name: ServiceName) => {
    const spec = specs[name];
    running.set(name, await spawnService(spec.script, { ...common, ...spec.env }, spec.port, '/health', 180_000));
  };
  const kill = async (name: ServiceName) => {
    const service = running.get(name);
    running.delete(name);
    if (!service) return;
    lastOutput.set(name, service.output());
    await service.kill();
  };
  const stop = async () => {
    for (const name of [...SERVICES].reverse()) await kill(name);
    process.off('exit', onExit);
  };

  try {
    // Users first (the others read revoked sessions from it at start), then all at once.
    await start('users');
    await Promise.all([start('menu'), start('payments'), start('orders'), start('queue'), start('bff')]);
    const items = await createOrderableMenu(url('bff'), admin);
    return {
      baseUrl: url('bff'),
      items,
      customers,
      ordersDatabaseUrl,
      paymentsDbPath,
      kill,
      start,
      output: (name) => running.get(name)?.output() ?? lastOutput.get(name) ?? '',
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
