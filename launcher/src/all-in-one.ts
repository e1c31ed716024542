/**
 * `npm start`: the whole canteen in one Node process, on embedded stores under ./data, with
 * each service on its own port as in the distributed deployment. Nothing to install but Node.
 */
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import {
  bridgeBus,
  ConfigError,
  createInProcessBus,
  createLogger,
  ensureSigningKeyPair,
  logCrashes,
  type Lifecycle,
} from '@canteen/service-kit';
import { createBffService, ensureServiceToken, ensureVapidKeys, loadBffConfig } from '@canteen/bff';
import { createMenuService, loadMenuConfig } from '@canteen/menu';
import { createOrdersService, loadOrdersConfig } from '@canteen/orders';
import { createPaymentsService, loadPaymentsConfig } from '@canteen/payments';
import { createQueueService, loadQueueConfig } from '@canteen/queue';
import { createUsersService, loadUsersConfig } from '@canteen/users';
import { demoAccounts, demoMode } from './demo-accounts.ts';
import { seedDemoHistory } from './seed-history.ts';
import { ordersThread, tsxLoader } from './orders-thread.ts';

const logger = createLogger('all-in-one');
logCrashes(logger);

let stopAll: () => Promise<void> = async () => undefined;
let stopping = false;
/** Stops every module in reverse order, then exits with `exitCode`; a second call changes nothing. */
function shutdown(reason: string, exitCode = 0): void {
  if (stopping) return;
  stopping = true;
  if (exitCode === 0) logger.info({ reason }, 'shutting down');
  else logger.fatal({ reason }, 'shutting down');
  setTimeout(() => process.exit(1), 20_000).unref();
  void stopAll().then(() => process.exit(exitCode));
}

async function main() {
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
  // Secrets are generated on first run and kept in ./data; the environment wins when set.
  const keysDir = path.join(dataDir, 'keys');
  const keys = ensureSigningKeyPair(keysDir);
  const vapid = process.env.VAPID_PUBLIC_KEY || process.env.VAPID_PRIVATE_KEY ? undefined : ensureVapidKeys(keysDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    JWT_PRIVATE_KEY: process.env.JWT_PRIVATE_KEY ?? keys.privateKey,
    JWT_PUBLIC_KEY: process.env.JWT_PUBLIC_KEY ?? keys.publicKey,
    SERVICE_TOKEN: process.env.SERVICE_TOKEN ?? ensureServiceToken(keysDir),
    ...(vapid ? { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey } : {}),
    VAPID_SUBJECT: process.env.VAPID_SUBJECT ?? `mailto:${process.env.ADMIN_EMAIL ?? 'admin@canteen.example'}`,
  };
  const demo = demoMode(process.env);
  const seedDemo = demo.enabled;
  if (demo.warning) logger.warn(demo.warning);

  // Only the BFF faces the network: with HOST=0.0.0.0 the services behind it would otherwise
  // listen there too and let anyone skip its limits, headers and CSP.
  const usersConfig = loadUsersConfig({ ...env, HOST: '127.0.0.1' });
  // Every service reads the users' revoked sessions at start (a restart forgets them).
  const internalEnv: NodeJS.ProcessEnv = {
    ...env,
    HOST: '127.0.0.1',
    USERS_SERVICE_URL: env.USERS_SERVICE_URL ?? `http://127.0.0.1:${usersConfig.USERS_PORT}`,
  };
  const menuConfig = loadMenuConfig(internalEnv);
  const menuUrl = env.MENU_SERVICE_URL ?? `http://127.0.0.1:${menuConfig.MENU_PORT}`;
  const paymentsConfig = loadPaymentsConfig(internalEnv);
  const paymentsUrl = env.PAYMENTS_SERVICE_URL ?? `http://127.0.0.1:${paymentsConfig.PAYMENTS_PORT}`;
  // The orders service reconciles with the payments service (SERVICE_TOKEN is in env).
  const ordersEnv = { ...internalEnv, MENU_SERVICE_URL: menuUrl, PAYMENTS_SERVICE_URL: paymentsUrl };
  const ordersConfig = loadOrdersConfig(ordersEnv);
  const queueConfig = loadQueueConfig(internalEnv);
  const ordersUrl = env.ORDERS_SERVICE_URL ?? `http://127.0.0.1:${ordersConfig.ORDERS_PORT}`;
  const bffConfig = loadBffConfig({
    ...env,
    USERS_SERVICE_URL: internalEnv.USERS_SERVICE_URL,
    MENU_SERVICE_URL: menuUrl,
    ORDERS_SERVICE_URL: ordersUrl,
    QUEUE_SERVICE_URL: env.QUEUE_SERVICE_URL ?? `http://127.0.0.1:${queueConfig.QUEUE_PORT}`,
    PAYMENTS_SERVICE_URL: paymentsUrl,
  });
  // One process, one bus: the services talk as they would over RabbitMQ, without a broker.
  // With two threads (the default), each holds half of it and a bridge joins the halves.
  const threads = env.ALL_IN_ONE_THREADS ?? '2';
  if (threads !== '1' && threads !== '2') throw new ConfigError([`ALL_IN_ONE_THREADS: must be 1 or 2, not "${threads}"`]);
  const loader = threads === '2' ? tsxLoader() : undefined;
  if (threads === '2' && !loader) logger.warn('not running under tsx: the orders service stays on the main thread');
  const channel = loader ? new MessageChannel() : undefined;
  const retryDelaysMs = ordersConfig.BUS_RETRY_DELAYS_MS;
  const localBus = createInProcessBus({ logger: createLogger('bus'), ...(retryDelaysMs ? { retryDelaysMs } : {}) });
  const bus = channel ? bridgeBus(localBus, channel.port1, { logger }) : localBus;
  const paymentsService = await createPaymentsService(paymentsConfig, { bus, ordersUrl });
  const payments = { name: 'payments', lifecycle: paymentsService };
  const orders: { name: string; lifecycle: Lifecycle } =
    loader && channel
      ? {
          name: 'orders thread',
          lifecycle: ordersThread(ordersEnv, channel.port2, loader, logger, (code) =>
            // Half a canteen takes orders it never confirms: end it all, so a supervisor restarts it.
            shutdown(`the orders thread ended (exit code ${code})`, 1),
          ),
        }
      : { name: 'orders', lifecycle: await createOrdersService(ordersConfig, { bus }) };

  const queue = await createQueueService(queueConfig, { bus, ordersUrl });

  // Started in this order, stopped in reverse: the bus outlives every service that uses it.
  const modules: { name: string; lifecycle: Lifecycle }[] = [
    {
      name: 'bus',
      lifecycle: {
        start: async () => undefined,
        stop: async () => {
          await bus.close();
          channel?.port1.close();
        },
      },
    },
    {
      name: 'users',
      lifecycle: await createUsersService(usersConfig, {
        bus,
        demoAccounts: { accounts: demoAccounts, enabled: seedDemo },
      }),
    },
    {
      name: 'menu',
      lifecycle: await createMenuService(menuConfig, { bus, seedDemo }),
    },
    // Consumers before producers: their queues exist before the first event is published.
    { name: 'queue', lifecycle: queue },
    // The BFF listens for order events (Web Push): its queue too exists before orders publish.
    // Its /ws goes straight to the queue service: one socket per phone, not two.
    { name: 'bff', lifecycle: createBffService(bffConfig, { bus, webSocket: (req, socket, head) => queue.acceptUpgrade(req, socket, head) }) },
    payments,
    orders,
  ];

  const started: typeof modules = [];
  const stop = async () => {
    for (const module of started.splice(0).reverse()) {
      await module.lifecycle.stop().catch((err) => logger.error({ err, module: module.name }, 'stop failed'));
    }
  };
  stopAll = stop;
  try {
    for (const module of modules) {
      await module.lifecycle.start();
      started.push(module);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  if (seedDemo) {
    // After every service is up (their migrations ran); a failure costs the demo its charts, not the canteen.
    await seedDemoHistory({ orders: ordersConfig, payments: paymentsService.store, menuUrl, logger }).catch((err: unknown) =>
      logger.warn({ err }, 'demo history could not be seeded'),
    );
  }

  const host = bffConfig.HOST === '0.0.0.0' ? 'localhost' : bffConfig.HOST;
  const lines = [
    '',
    `  Canteen Queue Manager is running at http://${host}:${bffConfig.BFF_PORT}`,
    `    health:   http://${host}:${bffConfig.BFF_PORT}/health`,
    `    auth API: http://${host}:${bffConfig.BFF_PORT}/api/auth/login`,
    `    menu:     http://${host}:${bffConfig.BFF_PORT}/api/menu/items`,
    `    API docs: http://${host}:${bffConfig.BFF_PORT}/api/docs`,
    `    apps:     http://${host}:${bffConfig.BFF_PORT}/ (students), /kitchen, /admin, /board — each says how to build it until it is built`,
    `  Data lives in ${dataDir}`,
  ];
  if (seedDemo) {
    lines.push('  Demo accounts, public passwords (SEED_DEMO=false turns them off):');
    for (const account of demoAccounts) lines.push(`    ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
  }
  if (demo.warning) lines.push('', `  !!! WARNING: ${demo.warning}`, '');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`Cannot start. ${err.message}\n`);
  else logger.fatal({ err }, 'start-up failed');
  process.exit(1);
});
