import {
  createHttpApp,
  deadLetterCheck,
  createLogger,
  createTokenVerifier,
  listen,
  type Logger,
  type EventBus,
  type RunningServer,
  type TokenVerifier,
} from '@canteen/service-kit';
import { createSessionRevocations } from './auth/session-revocations.ts';
import { createMenuCacheEvents } from './clients/menu-cache-events.ts';
import { createResponseCache } from './clients/response-cache.ts';
import { createUpstream } from './clients/upstream.ts';
import type { BffConfig } from './config.ts';
import { aggregateRoutes } from './http/aggregate.routes.ts';
import { apiCors } from './http/api-cors.ts';
import { analyticsRoutes } from './http/analytics.routes.ts';
import { deadLetterAdminRoutes } from './http/dead-letters.routes.ts';
import { menuRoutes } from './http/menu.routes.ts';
import { forwardTo } from './http/proxy.routes.ts';
import { byClient, byUser, inFlightLimit, rateLimit } from './http/rate-limits.ts';
import { connectionLimit, handOverWebSocket, proxyWebSocket, type UpgradeHandler } from './http/ws-proxy.ts';
import { openApiRoutes } from './openapi/openapi.routes.ts';
import { createWebPush } from './push/push.module.ts';
import { securityHeaders } from './static/security-headers.ts';
import { operationsAccess } from './http/operations-access.ts';
import { webAppRoutes } from './static/web-apps.routes.ts';

export { loadBffConfig, bffConfigSchema, type BffConfig } from './config.ts';
export { ensureVapidKeys } from './push/vapid.ts';
export { ensureServiceToken } from './push/service-token.ts';

export interface BffService {
  app: ReturnType<typeof createHttpApp>;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

/** The one public origin (port 8080): the API of DESIGN.md, routed to the services. */
export interface BffServiceOptions {
  logger?: Logger;
  bus?: EventBus;
  /** All-in-one: `/ws` goes to the queue service in this process instead of over QUEUE_SERVICE_URL. */
  webSocket?: UpgradeHandler;
}

export function createBffService(config: BffConfig, options: BffServiceOptions = {}): BffService {
  const logger = options.logger ?? createLogger('bff', { level: config.LOG_LEVEL });
  const push = createWebPush(config, { logger, bus: options.bus });
  const users = createUpstream('users', config.USERS_SERVICE_URL, config.UPSTREAM_TIMEOUT_MS);
  const menu = createUpstream('menu', config.MENU_SERVICE_URL, config.UPSTREAM_TIMEOUT_MS);
  const orders = createUpstream('orders', config.ORDERS_SERVICE_URL, config.UPSTREAM_TIMEOUT_MS);
  const payments = createUpstream('payments', config.PAYMENTS_SERVICE_URL, config.UPSTREAM_TIMEOUT_MS);
  const queue = createUpstream('queue', config.QUEUE_SERVICE_URL, config.UPSTREAM_TIMEOUT_MS);
  const menuCache = createResponseCache(menu, {
    freshMs: config.MENU_CACHE_FRESH_MS,
    staleIfErrorMs: 3_600_000,
    maxEntries: 500,
  });
  const menuChanges = createMenuCacheEvents(config, { bus: options.bus, cache: menuCache, logger });

  const sessions = config.JWT_PUBLIC_KEY ? createSessionRevocations(config, { bus: options.bus, logger }) : undefined;
  // Verifying needs an async key import; the first request waits for it, later ones don't.
  const keyed = config.JWT_PUBLIC_KEY
    ? createTokenVerifier(config.JWT_PUBLIC_KEY, { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, revocations: sessions!.list })
    : undefined;
  const verifier: TokenVerifier | undefined = keyed && { verify: async (token) => (await keyed).verify(token) };

  const app = createHttpApp({
    service: 'BFF',
    logger,
    // CORS only for /api (below), not for the apps' pages or the operations endpoints.
    corsOrigins: [],
    trustProxy: config.TRUST_PROXY,
    healthChecks: {
      users: users.health,
      menu: menu.health,
      orders: orders.health,
      payments: payments.health,
      queue: queue.health,
      pushDeadLetters: () => {
        const source = push.deadLetterSource();
        return source ? deadLetterCheck(source)() : { status: 'up' };
      },
    },
    operationsAccess: operationsAccess(verifier, config.METRICS_TOKEN),
    // The apps' files and pages: one debug line each, so the API's lines stand out at info.
    quietRequest: (path) => !path.startsWith('/api') && !path.startsWith('/ws'),
    routes: (app) => {
      // The apps' CSP everywhere but /api; no HSTS (plain HTTP on a LAN): see static/security-headers.ts.
      app.use(securityHeaders());
      app.use(openApiRoutes());
      app.use('/api', apiCors(config.CORS_ORIGINS));
      app.post('/api/auth/login', rateLimit(config.LOGIN_RATE_PER_MINUTE, byClient, 'login attempts'));
      app.post('/api/auth/register', rateLimit(config.REGISTER_RATE_PER_MINUTE, byClient, 'sign-ups'));
      // Busy first: a refusal for load must not spend the student's own budget.
      app.post('/api/orders', inFlightLimit(config.ORDERS_IN_FLIGHT, 'orders'), rateLimit(config.ORDER_RATE_PER_MINUTE, byUser(verifier), 'orders'));
      app.use('/api/auth', forwardTo(users));
      app.use('/api/users', forwardTo(users));
      app.use('/api/push/subscriptions', forwardTo(users));
      app.use('/api/push', push.routes);
      app.use('/api/menu', menuRoutes(menu, menuCache));
      app.use('/api/orders', forwardTo(orders));
      app.use('/api/payments', forwardTo(payments));
      app.use('/api/queue', forwardTo(queue));
      if (verifier) app.use('/api', aggregateRoutes({ orders, queue, payments, menu }, verifier));
      if (verifier) app.use('/api', analyticsRoutes({ orders, payments }, verifier, config.TIMEZONE));
      if (verifier) app.use('/api', deadLetterAdminRoutes({ upstreams: [orders, payments, queue], local: () => push.deadLetterSource(), logger }, verifier));
      // Last: the web apps take only what no API route answered (never /api, /ws, /health…).
      app.use(webAppRoutes(config, logger));
    },
  });

  let server: RunningServer | undefined;
  return {
    app,
    logger,
    async start() {
      await sessions?.start();
      await menuChanges.start();
      await push.start();
      server = await listen(app, config.BFF_PORT, config.HOST);
      const limit = connectionLimit(config.WS_MAX_CONNECTIONS_PER_ADDRESS, logger);
      if (options.webSocket) handOverWebSocket(server.server, '/ws', options.webSocket, limit, config.CORS_ORIGINS);
      else proxyWebSocket(server.server, '/ws', config.QUEUE_SERVICE_URL, logger, limit, config.CORS_ORIGINS);
      logger.info({ url: server.url }, 'BFF listening');
      return server;
    },
    async stop() {
      await push.stop();
      await server?.close();
      await sessions?.stop();
      await menuChanges.stop();
      for (const upstream of [users, menu, orders, payments, queue]) upstream.close();
    },
  };
}
