import path from 'node:path';
import {
  assertBusConfigured,
  createRevocationList,
  openServiceBus,
  followSessionRevocations,
  createHttpApp,
  deadLetterOperations,
  createLogger,
  createOutboxRelay,
  verifierFromConfig,
  listen,
  type EventBus,
  type Logger,
  type RunningServer,
  type Subscription,
} from '@canteen/service-kit';
import { createOrdersClient } from './clients/orders.client.ts';
import { randomPaymentId, randomRefundId, type PaymentsDeps } from './app/deps.ts';
import type { PaymentsConfig } from './config.ts';
import { PAYMENT_SUBSCRIPTIONS, subscribePayments } from './events/subscriptions.ts';
import { internalRoutes } from './http/internal.routes.ts';
import { paymentsRoutes } from './http/payments.routes.ts';
import type { PaymentStore } from './store/payment.store.ts';
import { createSqlitePaymentStore } from './store/sqlite.payment-store.ts';

export { loadPaymentsConfig, paymentsConfigSchema, type PaymentsConfig } from './config.ts';
export { PAYMENT_SUBSCRIPTIONS } from './events/subscriptions.ts';
export type { PaymentStore } from './store/payment.store.ts';
export { createSqlitePaymentStore } from './store/sqlite.payment-store.ts';
export type { HistoricalPayment } from './store/sqlite.payment-analytics.ts';

export interface PaymentsServiceOptions {
  logger?: Logger;
  /** Default: SQLite at PAYMENTS_DB_PATH (or DATA_DIR/payments.sqlite). */
  store?: PaymentStore;
  /** The in-process bus of all-in-one mode; without it the service needs AMQP_URL. */
  bus?: EventBus;
  now?: () => Date;
  /**
   * Put before the service's queue names (`payments.payment-initiated`, …), so tests on a
   * shared broker get queues of their own. Leave unset in production.
   */
  queuePrefix?: string;
  /** Only with AMQP_URL: the topic exchange, default `canteen.orders` (tests isolate with it). */
  exchange?: string;
  newPaymentId?: () => string;
  newRefundId?: () => string;
  /** The orders service (all-in-one passes its own); default ORDERS_SERVICE_URL. */
  ordersUrl?: string;
}

export interface PaymentsService {
  app: ReturnType<typeof createHttpApp>;
  store: PaymentStore;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createPaymentsService(config: PaymentsConfig, options: PaymentsServiceOptions = {}): Promise<PaymentsService> {
  const logger = options.logger ?? createLogger('payments', { level: config.LOG_LEVEL });
  assertBusConfigured('payments', options.bus, config.AMQP_URL);
  const revocations = createRevocationList();
  const verifier = await verifierFromConfig(config, revocations);
  const store = options.store ?? createSqlitePaymentStore(config.PAYMENTS_DB_PATH ?? path.join(config.DATA_DIR, 'payments.sqlite'));
  const { bus, close: closeBus } = await openServiceBus({
    service: 'payments',
    given: options.bus,
    amqpUrl: config.AMQP_URL,
    logger,
    exchange: options.exchange,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
  });
  const relay = createOutboxRelay({ store, bus, logger });

  const deps: PaymentsDeps = {
    store,
    orders: createOrdersClient(options.ordersUrl ?? config.ORDERS_SERVICE_URL, 5000),
    logger,
    currency: config.CURRENCY,
    timeZone: config.TIMEZONE,
    eventsWritten: () => relay.kick(),
    now: options.now ?? (() => new Date()),
    newPaymentId: options.newPaymentId ?? randomPaymentId,
    newRefundId: options.newRefundId ?? randomRefundId,
  };

  const deadLetters = deadLetterOperations(
    { service: 'payments', bus, queues: PAYMENT_SUBSCRIPTIONS.map((entry) => `${options.queuePrefix ?? ''}${entry.queue}`) },
    logger,
  );
  const app = createHttpApp({
    service: 'Payment Service',
    logger,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    healthChecks: {
      database: async () => {
        await store.ping();
        return { status: 'up' };
      },
      bus: () => {
        const health = bus.health();
        return health.ok ? { status: 'up' } : { status: 'down', detail: health.detail ?? 'bus down' };
      },
      deadLetters: deadLetters.check,
    },
    metrics: deadLetters.metrics,
    routes: (app) => {
      app.use('/api/payments', deadLetters.routes(verifier));
      if (config.SERVICE_TOKEN) app.use('/internal', internalRoutes(deps, config.SERVICE_TOKEN));
      app.use('/api/payments', paymentsRoutes(deps, verifier));
    },
  });

  let server: RunningServer | undefined;
  let subscriptions: Subscription[] = [];
  return {
    app,
    store,
    logger,
    async start() {
      await store.migrate();
      relay.start();
      try {
        subscriptions = [
        ...(await subscribePayments(bus, deps, options.queuePrefix ? { queuePrefix: options.queuePrefix } : {})),
        await followSessionRevocations(bus, { queue: `${options.queuePrefix ?? ''}payments.sessions-revoked`, list: revocations, logger, config }),
      ];
        server = await listen(app, config.PAYMENTS_PORT, config.HOST);
      } catch (err) {
        // Leave nothing running behind a failed start (a port in use, a queue the broker refuses).
        await Promise.allSettled(subscriptions.map((subscription) => subscription.cancel()));
        subscriptions = [];
        await relay.stop();
        throw err;
      }
      logger.info({ url: server.url, currency: config.CURRENCY, timeZone: config.TIMEZONE }, 'payments service listening');
      return server;
    },
    async stop() {
      // Consumers first (their handlers finish and ack), then HTTP, then the relay and stores.
      await Promise.allSettled(subscriptions.map((subscription) => subscription.cancel()));
      subscriptions = [];
      await server?.close();
      await relay.stop();
      await closeBus();
      await store.close();
    },
  };
}
