import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import {
  busCheck,
  assertBusConfigured,
  createRevocationList,
  openServiceBus,
  followSessionRevocations,
  createHttpApp,
  deadLetterOperations,
  createLogger,
  verifierFromConfig,
  listen,
  pingCheck,
  type EventBus,
  type Logger,
  type RunningServer,
  type Subscription,
} from '@canteen/service-kit';
import { createPositionRefresher } from './app/announce.ts';
import type { QueueDeps } from './app/deps.ts';
import { createPlanner } from './app/planner.ts';
import { createReconciler } from './app/reconcile.ts';
import { toBoardItem, toQueueItem } from './app/views.ts';
import { createOrdersClient } from './clients/orders.client.ts';
import type { QueueConfig } from './config.ts';
import { MENU_EVENTS_CONSUMER, subscribeMenuEvents } from './events/menu-events.handler.ts';
import { ORDER_EVENTS_CONSUMER, subscribeQueue } from './events/order-events.handler.ts';
import { queueRoutes } from './http/queue.routes.ts';
import { openQueueStore } from './store/index.ts';
import type { QueueStore } from './store/queue.store.ts';
import { refuseUpgrade } from './ws/handshake.ts';
import { createQueueHub, type QueueHub } from './ws/queue-hub.ts';

export { loadQueueConfig, queueConfigSchema, type QueueConfig } from './config.ts';

export interface QueueServiceOptions {
  logger?: Logger;
  store?: QueueStore;
  /** The in-process bus of all-in-one mode; without it the service needs AMQP_URL. */
  bus?: EventBus;
  queuePrefix?: string;
  /** Where the orders service is, for status changes made through the queue API. */
  ordersUrl?: string;
  now?: () => number;
}

export interface QueueService {
  app: ReturnType<typeof createHttpApp>;
  store: QueueStore;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
  /** Checks the queue against the orders service now (undefined without SERVICE_TOKEN). */
  reconcileNow?: () => Promise<void>;
  /**
   * Takes a WebSocket upgrade for `/ws` that reached another server of this process (the BFF,
   * in all-in-one mode) as if it had come to this service's port: the same checks, and the
   * client's socket joins the hub as it is, with no second connection to relay its frames.
   */
  acceptUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export async function createQueueService(config: QueueConfig, options: QueueServiceOptions = {}): Promise<QueueService> {
  const logger = options.logger ?? createLogger('queue', { level: config.LOG_LEVEL });
  assertBusConfigured('queue', options.bus, config.AMQP_URL);
  const now = options.now ?? Date.now;
  const revocations = createRevocationList();
  const verifier = await verifierFromConfig(config, revocations);
  const store =
    options.store ??
    (await openQueueStore(
      config.QUEUE_REDIS_URL
        ? { kind: 'redis', url: config.QUEUE_REDIS_URL }
        : { kind: 'sqlite', path: config.QUEUE_DB_PATH ?? path.join(config.DATA_DIR, 'queue.sqlite') },
    ));
  const { bus, close: closeBus } = await openServiceBus({
    service: 'queue',
    given: options.bus,
    amqpUrl: config.AMQP_URL,
    logger,
    retryDelaysMs: config.BUS_RETRY_DELAYS_MS,
  });
  const planner = createPlanner(store, { stations: config.KITCHEN_STATIONS, defaultSlots: config.KITCHEN_DEFAULT_SLOTS }, now);
  const base = { store, planner, logger, timeZone: config.TIMEZONE, now };
  const refresher = createPositionRefresher(base);
  const deps: QueueDeps = { ...base, positionsChanged: () => refresher.refresh() };
  const orders = createOrdersClient(options.ordersUrl ?? config.ORDERS_SERVICE_URL, 5000, config.SERVICE_TOKEN);
  const reconciler = config.SERVICE_TOKEN
    ? createReconciler({ deps, snapshotOf: () => orders.kitchenSnapshot(), intervalMs: config.QUEUE_RECONCILE_INTERVAL_MS })
    : undefined;

  const deadLetters = deadLetterOperations({ service: 'queue', bus, queues: [ORDER_EVENTS_CONSUMER, MENU_EVENTS_CONSUMER].map((queue) => `${options.queuePrefix ?? ''}${queue}`) }, logger);
  const app = createHttpApp({
    service: 'Queue Service',
    logger,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    healthChecks: { store: pingCheck(() => store.ping()), bus: busCheck(bus), deadLetters: deadLetters.check },
    metrics: deadLetters.metrics,
    routes: (app) => {
      app.use('/api/queue', deadLetters.routes(verifier));
      app.use('/api/queue', queueRoutes(deps, verifier, orders));
    },
  });

  let server: RunningServer | undefined;
  let hub: QueueHub | undefined;
  let stopping = false;
  let untail: (() => Promise<void>) | undefined;
  let subscriptions: Subscription[] = [];
  return {
    app,
    store,
    logger,
    async start() {
      server = await listen(app, config.QUEUE_PORT, config.HOST);
      hub = createQueueHub({
        server: server.server,
        verifier,
        revocations,
        stream: store,
        allowedOrigins: config.CORS_ORIGINS,
        logger,
        snapshot: async (scope) => {
          const { entries, plan } = await planner.current();
          const all = [...entries.values()];
          if (scope.kind === 'board') return all.map(toBoardItem);
          const visible = scope.kind === 'staff' ? all : all.filter((entry) => entry.userId === scope.userId);
          return visible.map((entry) => toQueueItem(entry, plan));
        },
      });
      const liveHub = hub;
      // Every instance tails the shared stream: whichever instance made a change, every
      // client on every instance hears of it, and plans are redone with it.
      untail = await store.tailStream((message) => {
        planner.observe(message);
        refresher.observe(message);
        liveHub.broadcast(message);
      });
      subscriptions = [
        ...(await subscribeQueue(bus, deps, options.queuePrefix)),
        await followSessionRevocations(bus, { queue: `${options.queuePrefix ?? ''}queue.sessions-revoked`, list: revocations, logger, config }),
      ];
      // Relayed only while the hub is up; what is missed meanwhile a phone refetches on connect.
      subscriptions.push(await subscribeMenuEvents(bus, (frame) => liveHub.broadcastPublic(frame), options.queuePrefix));
      if (reconciler) reconciler.start();
      else logger.warn('SERVICE_TOKEN is not set: the queue does not reconcile with the orders service (what it misses stays missed)');
      logger.info({ url: server.url, store: config.QUEUE_REDIS_URL ? 'redis' : 'sqlite' }, 'queue service listening');
      return server;
    },
    async stop() {
      stopping = true;
      await reconciler?.stop();
      await Promise.allSettled(subscriptions.map((s) => s.cancel()));
      await refresher.stop();
      await untail?.();
      await hub?.close();
      await server?.close();
      await closeBus();
      await store.close();
    },
    ...(reconciler ? { reconcileNow: () => reconciler.runNow() } : {}),
    acceptUpgrade(req, socket, head) {
      if (!server || !hub || stopping) return refuseUpgrade(socket, 503, 'Service Unavailable');
      // The hub listens for its path on the server's 'upgrade' event; hand the request to it there.
      server.server.emit('upgrade', req, socket, head);
    },
  };
}
