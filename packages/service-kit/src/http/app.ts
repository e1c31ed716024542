import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { serializeError } from '../logging/error-serializer.ts';
import type { Registry } from 'prom-client';
import { errorHandler, notFoundHandler } from './error-middleware.ts';
import { forbidden, unauthorized } from './errors.ts';
import { cachedHealthChecks, runHealthChecks, type HealthCheck } from './health.ts';
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
  /**
   * For a public face (the BFF): who may read /metrics and the dependency details of /health
   * and /ready. Everyone else gets the bare status (from checks run at most every few
   * seconds, so a flood of health requests cannot fan out to every service) and 401/403 on
   * /metrics. Unset: everything is open, as on the internal services.
   */
  operationsAccess?: (req: Request) => Promise<'allowed' | 'anonymous' | 'forbidden'>;
  /** Requests worth no line at the default level (the BFF's static files): logged at debug when they succeed. */
  quietRequest?: (path: string) => boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * JSON has no Infinity, but a number too large for a double (`1e400`) parses as one, which
 * zod then calls "not a number" and JSON.stringify (the BFF passing a body on) turns into
 * null. Taken as the largest double instead, it stays a number, so the schema's bound says
 * what is wrong ("must be at most 1000000") and the body survives being passed on.
 */
export function finiteNumbers(_key: string, value: unknown): unknown {
  if (value === Infinity) return Number.MAX_VALUE;
  if (value === -Infinity) return -Number.MAX_VALUE;
  return value;
}

/** `/api/users?q=asha&limit=5` → `/api/users?q=…&limit=…`: which parameters, not what they said. */
export function withoutQueryValues(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, mark)}?${names.join('&')}`;
}

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
      // Enough to follow a request; headers stay out of the logs (tokens, cookies, noise), and
      // so do the values of query parameters (a search for a person, anything a client puts there).
      // Not wrapped: pino's wrappers would hand serializeError a copy with every field on it.
      wrapSerializers: false,
      serializers: {
        req: (req: { id: unknown; method: string; url: string; originalUrl?: string; socket?: { remoteAddress?: string } }) => ({
          id: req.id,
          method: req.method,
          url: withoutQueryValues(req.originalUrl ?? req.url),
          remoteAddress: req.socket?.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' || req.url === '/metrics' },
      customLogLevel: (req, res, err) => {
        // originalUrl: a router mounted at /internal strips its prefix from req.url and req.path
        // while it answers, which is when this runs.
        const path = ((req as Request).originalUrl ?? req.url ?? '').split('?')[0]!;
        // Service-to-service polling (the queue's reconciliation every few seconds) and whatever
        // the service calls quiet: a debug line when it succeeds, so a terminal stays readable.
        if (!err && res.statusCode < 400 && (path.startsWith('/internal/') || options.quietRequest?.(path))) return 'debug';
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
  app.use(express.json({ limit: options.bodyLimit ?? '1mb', strict: true, reviver: finiteNumbers }));

  const access = options.operationsAccess;
  const detailed = async (req: Request) => !access || (await access(req)) === 'allowed';
  const publicChecks = cachedHealthChecks(healthChecks, 3000);
  app.get('/health', async (req, res, next) => {
    if (await detailed(req)) return healthHandler(options.service, healthChecks)(req, res, next);
    const { healthy } = await publicChecks();
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'OK' : 'DOWN', service: options.service, timestamp: new Date().toISOString() });
  });
  app.get('/ready', async (req, res) => {
    if (!(await detailed(req))) {
      const { healthy } = await publicChecks();
      return void res.status(healthy ? 200 : 503).json({ ready: healthy });
    }
    const { healthy, dependencies } = await runHealthChecks(healthChecks);
    res.status(healthy ? 200 : 503).json({ ready: healthy, dependencies });
  });
  app.get('/metrics', async (req, res) => {
    const verdict = access ? await access(req) : 'allowed';
    if (verdict === 'anonymous') throw unauthorized('Metrics are for staff and monitoring: send a staff token or the metrics token');
    if (verdict === 'forbidden') throw forbidden('Metrics are for staff and monitoring');
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
