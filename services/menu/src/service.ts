import path from 'node:path';
import {
  busCheck,
  assertBusConfigured,
  createRevocationList,
  openServiceBus,
  followSessionRevocations,
  createHttpApp,
  createLogger,
  createOutboxRelay,
  verifierFromConfig,
  listen,
  pingCheck,
  type EventBus,
  type Logger,
  type RunningServer,
  type Subscription,
} from '@canteen/service-kit';
import type { MenuDeps } from './app/deps.ts';
import { seedDemoMenu } from './app/seed-menu.ts';
import { sweepUnclaimedStock } from './app/stock.ts';
import { RESERVATION_CLAIM_TIMEOUT_MS } from './domain/stock.ts';
import { subscribeMenu } from './events/order-events.handler.ts';
import { internalRoutes } from './http/internal.routes.ts';
import type { MenuConfig } from './config.ts';
import { menuRoutes } from './http/menu.routes.ts';
import { openMenuStore } from './store/index.ts';
import type { MenuStore } from './store/menu.store.ts';

export { loadMenuConfig, menuConfigSchema, type MenuConfig } from './config.ts';

export interface MenuServiceOptions {
  logger?: Logger;
  store?: MenuStore;
  /** The in-process bus of all-in-one mode; without it the service needs AMQP_URL. */
  bus?: EventBus;
  /** Fill an empty menu with the demo canteen. */
  seedDemo?: boolean;
  /** Prefix of the service's queue names, so tests on a shared broker do not collide. */
  queuePrefix?: string;
  now?: () => Date;
}

export interface MenuService {
  app: ReturnType<typeof createHttpApp>;
  store: MenuStore;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createMenuService(config: MenuConfig, options: MenuServiceOptions = {}): Promise<MenuService> {
  const logger = options.logger ?? createLogger('menu', { level: config.LOG_LEVEL });
  assertBusConfigured('menu', options.bus, config.AMQP_URL);
  const revocations = createRevocationList();
  const verifier = await verifierFromConfig(config, revocations);
  const imageDir = config.MENU_IMAGE_DIR ?? path.join(config.DATA_DIR, 'menu-images');
  const store =
    options.store ??
    (await openMenuStore(
      config.MENU_MONGO_URL
        ? { kind: 'mongo', url: config.MENU_MONGO_URL }
        : { kind: 'sqlite', path: config.MENU_DB_PATH ?? path.join(config.DATA_DIR, 'menu.sqlite') },
    ));
  const { bus, close: closeBus } = await openServiceBus({ service: 'menu', given: options.bus, amqpUrl: config.AMQP_URL, logger });
  const relay = createOutboxRelay({ store, bus, logger });

  const deps: MenuDeps = {
    store,
    logger,
    currency: config.CURRENCY,
    eventsWritten: () => relay.kick(),
    now: options.now ?? (() => new Date()),
  };

  const app = createHttpApp({
    service: 'Menu Service',
    logger,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    healthChecks: { database: pingCheck(() => store.ping()), bus: busCheck(bus) },
    routes: (app) => {
      app.use('/api/menu', menuRoutes(deps, verifier, imageDir));
      if (config.SERVICE_TOKEN) app.use('/internal', internalRoutes(deps, config.SERVICE_TOKEN));
    },
  });

  let server: RunningServer | undefined;
  let subscriptions: Subscription[] = [];
  let sweeper: NodeJS.Timeout | undefined;
  return {
    app,
    store,
    logger,
    async start() {
      await store.migrate();
      if (options.seedDemo) await seedDemoMenu(deps, imageDir);
      subscriptions = [
        ...(await subscribeMenu(bus, deps, options.queuePrefix)),
        await followSessionRevocations(bus, { queue: `${options.queuePrefix ?? ''}menu.sessions-revoked`, list: revocations, logger, config }),
      ];
      relay.start();
      sweeper = setInterval(() => {
        sweepUnclaimedStock(deps, RESERVATION_CLAIM_TIMEOUT_MS).catch((err: unknown) => logger.warn({ err }, 'stock hold sweep failed'));
      }, 60_000);
      sweeper.unref();
      if (!config.SERVICE_TOKEN) logger.warn('SERVICE_TOKEN is not set: the orders service cannot hold stock, so stock-counted items cannot be ordered');
      server = await listen(app, config.MENU_PORT, config.HOST);
      logger.info({ url: server.url, store: config.MENU_MONGO_URL ? 'mongodb' : 'sqlite' }, 'menu service listening');
      return server;
    },
    async stop() {
      clearInterval(sweeper);
      await server?.close();
      await Promise.allSettled(subscriptions.map((s) => s.cancel()));
      await relay.stop();
      await closeBus();
      await store.close();
    },
  };
}
