import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorHandler, notFoundHandler } from './error-middleware.ts';
import { runHealthChecks, type HealthCheck } from './health.ts';
import { createMetrics } from './metrics.ts';

export interface HttpAppOptions {
  /** The service's name as the original API reports it in /health, e.g. `User Service`. */
  service: string;
  logger: Logger;
  /** Browser origins allowed to call this service; none by default. */
  corsOrigins?: readonly string[];
  bodyLimit?: string;
  healthChecks?: Record<string, HealthCheck>;
  /** Mounts the service's routes between the common middleware and the 404/error handlers. */
  routes: (app: Express) => void;
  /** Adds the service's own metrics to its /metrics registry. */
  metrics?: (registry: Registry) => void;
  /** Set when the service runs behind a proxy that sets X-Forwarded-For (the BFF, a load balancer). */
  trustProxy?: boolean | number | string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The HTTP shell every service shares: request ids, one JSON log line per request, CORS by
 * allow-list, a 1 MB JSON body limit, /health, /ready, /metrics, and the error model.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.set('etag', 'strong');
  const metrics = createMetrics(options.service);
  options.metrics?.(metrics.registry);
  const healthChecks = options.healthChecks ?? {};

  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Enough to follow a request; headers stay out of the logs (tokens, cookies, noise).
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) => {
        // Refused with a Retry-After (busy, rate limited): load shedding at work, counted in the metrics.
        if ((res.statusCode === 503 || res.statusCode === 429) && res.hasHeader('retry-after')) return 'info';
        return err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      },
    }),
  );
  app.use(metrics.middleware);
  const allowed = new Set(options.corsOrigins ?? []);
  app.use(
    cors({
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: false,
      exposedHeaders: ['x-request-id', 'etag', 'retry-after'],
      maxAge: 600,
    }),
  );
  app.use(express.json({ limit: options.bodyLimit ?? '1mb', strict: true }));

  app.get('/health', healthHandler(options.service, healthChecks));
  app.get('/ready', async (_req, res) => {
    const { healthy, dependencies } = await runHealthChecks(healthChecks);
    res.status(healthy ? 200 : 503).json({ ready: healthy, dependencies });
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  options.routes(app);

  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}

/**
 * `/health`: the original shape (`{status: "OK", service, timestamp}`) plus the state of each
 * dependency; 503 when one is down, `warnings` when one warns. Exported for services whose original API also answered
 * health on another path.
 */
export function healthHandler(service: string, checks: Record<string, HealthCheck>): RequestHandler {
  return async (_req, res) => {
    const { healthy, dependencies, warnings } = await runHealthChecks(checks);
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'OK' : 'DOWN',
      service,
      timestamp: new Date().toISOString(),
      dependencies,
      // Still OK: the service works, but something (dead letters) wants a look.
      ...(warnings.length > 0 ? { warnings } : {}),
    });
  };
}
