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
  deadLetterOperations,
  verifierFromConfig,
  healthHandler,
  listen,
  pingCheck,
  type EventBus,
  type Logger,
  type RunningServer,
  type Subscription,
} from '@canteen/service-kit';
import type { OrdersDeps } from './app/deps.ts';
import { createMenuCatalog } from './clients/menu-catalog.ts';
import { createMenuStock } from './clients/menu-stock.ts';
import { createPaymentsClient } from './clients/payments.client.ts';
import { schedulePaymentReconciliation } from './app/reconcile-schedule.ts';
import type { OrdersConfig } from './config.ts';
import { ETA_PROMISES_CONSUMER } from './events/eta-promise.handler.ts';
import { PAYMENT_EVENTS_CONSUMER } from './events/payment-events.handler.ts';
import { subscribeOrders } from './events/subscriptions.ts';
import { internalRoutes } from './http/internal.routes.ts';
import { ordersRoutes } from './http/orders.routes.ts';
import { openOrderStore } from './store/index.ts';
import type { OrderStore } from './store/order.store.ts';

export { loadOrdersConfig, ordersConfigSchema, type OrdersConfig } from './config.ts';
export { openOrderStore, type HistoricalOrder } from './store/index.ts';

export interface OrdersServiceOptions {
  logger?: Logger;
  store?: OrderStore;
  /** The in-process bus of all-in-one mode; without it the service needs AMQP_URL. */
  bus?: EventBus;
  /** Prefix of the service's queue names, so tests on a shared broker do not collide. */
  queuePrefix?: string;
  now?: () => Date;
}

export interface OrdersService {
  app: ReturnType<typeof createHttpApp>;
  store: OrderStore;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createOrdersService(config: OrdersConfig, options: OrdersServiceOptions = {}): Promise<OrdersService> {
  const logger = options.logger ?? createLogger('orders', { level: config.LOG_LEVEL });
  assertBusConfigured('orders', options.bus, config.AMQP_URL);
  const revocations = createRevocationList();
  const verifier = await verifierFromConfig(config, revocations);
  const store =
    options.store ??
    (await openOrderStore(
      config.ORDERS_DATABASE_URL
        ? { kind: 'mysql', url: config.ORDERS_DATABASE_URL, timeZone: config.TIMEZONE }
        : { kind: 'sqlite', path: config.ORDERS_DB_PATH ?? path.join(config.DATA_DIR, 'orders.sqlite'), timeZone: config.TIMEZONE },
      logger,
    ));
  const { bus, close: closeBus } = await openServiceBus({
    service: 'orders',
    given: options.bus,
    amqpUrl: config.AMQP_URL,
    logger,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
  });
  const relay = createOutboxRelay({ store, bus, logger });
  const deps: OrdersDeps = {
    store,
    logger,
    currency: config.CURRENCY,
    menu: createMenuCatalog({
      baseUrl: config.MENU_SERVICE_URL,
      freshMs: config.MENU_CACHE_FRESH_MS,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      logger,
    }),
    stock: createMenuStock({ baseUrl: config.MENU_SERVICE_URL, serviceToken: config.SERVICE_TOKEN, timeoutMs: config.UPSTREAM_TIMEOUT_MS, logger }),
    eventsWritten: () => relay.kick(),
    now: options.now ?? (() => new Date()),
    timeZone: config.TIMEZONE,
  };

  const deadLetters = deadLetterOperations(
    { service: 'orders', bus, queues: [PAYMENT_EVENTS_CONSUMER, ETA_PROMISES_CONSUMER].map((queue) => `${options.queuePrefix ?? ''}${queue}`) },
    logger,
  );
  const reconciliation = schedulePaymentReconciliation(deps, {
    payments: config.SERVICE_TOKEN
      ? createPaymentsClient({ baseUrl: config.PAYMENTS_SERVICE_URL, serviceToken: config.SERVICE_TOKEN, timeoutMs: config.UPSTREAM_TIMEOUT_MS })
      : undefined,
    intervalMs: config.RECONCILE_INTERVAL_MS,
    staleAfterMs: config.RECONCILE_AFTER_MS,
    lookBackMs: config.RECONCILE_LOOKBACK_HOURS * 3_600_000,
  });
  const healthChecks = { database: pingCheck(() => store.ping()), bus: busCheck(bus), deadLetters: deadLetters.check };
  const app = createHttpApp({
    service: 'Order Service',
    logger,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    healthChecks,
    metrics: (registry) => {
      deadLetters.metrics(registry);
      reconciliation.metrics(registry);
    },
    routes: (app) => {
      app.use('/api/orders', deadLetters.routes(verifier));
      // `/api/orders/health/` was the original's health path; it answers like `/health`.
      app.get('/api/orders/health', healthHandler('Order Service', healthChecks));
      app.use('/api/orders', ordersRoutes(deps, verifier));
      // Service-to-service only: the BFF never forwards /internal.
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
      subscriptions = [
        ...(await subscribeOrders(bus, deps, options.queuePrefix)),
        await followSessionRevocations(bus, { queue: `${options.queuePrefix ?? ''}orders.sessions-revoked`, list: revocations, logger, config }),
      ];
      relay.start();
      reconciliation.start();
      sweeper = setInterval(() => {
        const before = new Date(deps.now().getTime() - config.IDEMPOTENCY_TTL_HOURS * 3_600_000);
        store.sweepIdempotency(before).catch((err: unknown) => logger.warn({ err }, 'idempotency sweep failed'));
      }, 3_600_000);
      sweeper.unref();
      server = await listen(app, config.ORDERS_PORT, config.HOST);
      logger.info({ url: server.url, store: config.ORDERS_DATABASE_URL ? 'mysql' : 'sqlite' }, 'orders service listening');
      return server;
    },
    async stop() {
      clearInterval(sweeper);
      await reconciliation.stop();
      await server?.close();
      await Promise.allSettled(subscriptions.map((s) => s.cancel()));
      await relay.stop();
      await closeBus();
      await store.close();
    },
  };
}
