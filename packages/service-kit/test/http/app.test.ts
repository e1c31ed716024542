import { Router, type Express } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, type HttpAppOptions } from '../../src/http/app.ts';
import { AppError, parseInput, tooManyRequests } from '../../src/http/errors.ts';
import type { HealthCheck } from '../../src/http/health.ts';
import { listen, type RunningServer } from '../../src/lifecycle/http-server.ts';
import { silentLogger } from '../../src/logging/logger.ts';

const ALLOWED_ORIGIN = 'https://canteen.example';
const SECRET = 'db password is hunter2';

function tinyRoutes(app: Express) {
  app.get('/hello', (_req, res) => {
    res.json({ hello: 'world' });
  });
  app.post('/echo', (req, res) => {
    res.json(parseInput(z.object({ name: z.string().min(1) }), req.body));
  });
  app.get('/boom', () => {
    throw new Error(SECRET);
  });
  app.get('/boom-async', async () => {
    await Promise.resolve();
    throw new TypeError(SECRET);
  });
  app.get('/teapot', () => {
    throw new AppError(418, 'TEAPOT', 'I am a teapot', { brew: 'later' });
  });
  app.get('/slow-down', () => {
    throw tooManyRequests('Slow down', 7);
  });
  const items = Router();
  items.get('/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.use('/items', items);
}

async function startApp(overrides: Partial<HttpAppOptions> = {}): Promise<RunningServer> {
  const app = createHttpApp({
    service: 'Test Service',
    logger: silentLogger(),
    corsOrigins: [ALLOWED_ORIGIN],
    routes: tinyRoutes,
    ...overrides,
  });
  return listen(app, 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are checked by the assertions
const json = async (response: Response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any });

describe('createHttpApp', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startApp({ healthChecks: { database: () => ({ status: 'up' }) } });
  });
  afterAll(() => server?.close());

  describe('errors', () => {
    it('when no route matches, then it is 404 with the JSON error body', async () => {
      const res = await json(await fetch(`${server.url}/nowhere`));

      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: 'NOT_FOUND', message: 'No route for GET /nowhere' },
        message: 'No route for GET /nowhere',
      });
    });

    it.each(['/boom', '/boom-async'])('when %s throws a plain error, then it is 500 with a generic body and nothing leaks', async (path) => {
      const response = await fetch(`${server.url}${path}`);
      const text = await response.text();

      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(JSON.parse(text)).toEqual({
        error: { code: 'INTERNAL', message: 'Something went wrong on our side' },
        message: 'Something went wrong on our side',
      });
      expect(text).not.toContain('hunter2');
      expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|stack/);
    });

    it('when a route throws an AppError, then its status, code and details are sent', async () => {
      const res = await json(await fetch(`${server.url}/teapot`));
      expect(res.status).toBe(418);
      expect(res.body).toEqual({ error: { code: 'TEAPOT', message: 'I am a teapot', details: { brew: 'later' } }, message: 'I am a teapot' });
    });

    it('when a route throws 429 with a retry time, then Retry-After is set', async () => {
      const res = await fetch(`${server.url}/slow-down`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    });

    it('when the input does not match the schema, then it is 400 naming the field', async () => {
      const res = await json(
        await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": 3}' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'name' })]);
    });

    it('when the JSON is malformed, then it is 400 MALFORMED_JSON', async () => {
      const res = await json(
        await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MALFORMED_JSON');
    });

    it('when the JSON body is over 1 MB, then it is 413', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) });
      const res = await json(await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('when the body is just under 1 MB, then it is accepted', async () => {
      const body = JSON.stringify({ name: 'x'.repeat(1000 * 1000) });
      const res = await fetch(`${server.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
    });
  });

  describe('request ids', () => {
    it('when the client sends an x-request-id, then it is echoed', async () => {
      const res = await fetch(`${server.url}/hello`, { headers: { 'x-request-id': 'req-abc.123:4' } });
      expect(res.headers.get('x-request-id')).toBe('req-abc.123:4');
    });

    it('when there is no x-request-id, then one is generated, different per request', async () => {
      const first = (await fetch(`${server.url}/hello`)).headers.get('x-request-id');
      const second = (await fetch(`${server.url}/hello`)).headers.get('x-request-id');
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).toMatch(/^[0-9a-f-]{36}$/);
      expect(first).not.toBe(second);
    });

    it.each([['with spaces and quotes', 'bad id "x"'], ['too long', 'a'.repeat(129)]])(
      'when the x-request-id is %s, then a fresh one replaces it',
      async (_case, id) => {
        const res = await fetch(`${server.url}/hello`, { headers: { 'x-request-id': id } });
        expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      },
    );

    it('when the request fails, then the error response carries the request id too', async () => {
      const res = await fetch(`${server.url}/boom`, { headers: { 'x-request-id': 'trace-me' } });
      expect(res.headers.get('x-request-id')).toBe('trace-me');
    });
  });

  describe('CORS', () => {
    it('when the origin is on the allow-list, then it is allowed', async () => {
      const res = await fetch(`${server.url}/hello`, { headers: { origin: ALLOWED_ORIGIN } });
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(res.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    });

    it('when the origin is not on the allow-list, then no CORS header is sent', async () => {
      const res = await fetch(`${server.url}/hello`, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('when an allowed origin sends a preflight, then it is answered with the allowed methods', async () => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    });

    it('when another origin sends a preflight, then it gets no CORS permission', async () => {
      const res = await fetch(`${server.url}/echo`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('when no allow-list is given, then no origin is allowed', async () => {
      const closed = await startApp({ corsOrigins: undefined });
      try {
        const res = await fetch(`${closed.url}/hello`, { headers: { origin: ALLOWED_ORIGIN } });
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        await closed.close();
      }
    });
  });

  describe('/metrics', () => {
    it('when a request was served, then its duration is recorded by route pattern', async () => {
      await fetch(`${server.url}/items/42`);
      await fetch(`${server.url}/hello`);

      const res = await fetch(`${server.url}/metrics`);
      const text = await res.text();

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      expect(text).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/hello"[^}]*\} [1-9]/m);
      expect(text).toMatch(/^http_request_duration_seconds_count\{[^}]*route="\/items\/:id"[^}]*\} [1-9]/m);
      // Ids stay out of the labels.
      expect(text).not.toContain('/items/42');
      expect(text).toContain('service="Test Service"');
    });
  });
});

describe('createHttpApp: /health and /ready', () => {
  const started: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });

  async function health(checks: Record<string, HealthCheck>) {
    const server = await startApp({ healthChecks: checks });
    started.push(server);
    return {
      health: await json(await fetch(`${server.url}/health`)),
      ready: await json(await fetch(`${server.url}/ready`)),
    };
  }

  it('when every dependency is up, then /health is 200 with the original shape and the dependencies', async () => {
    const { health: res, ready } = await health({ database: () => ({ status: 'up' }), bus: async () => ({ status: 'up' }) });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'OK',
      service: 'Test Service',
      timestamp: expect.any(String),
      dependencies: { database: { status: 'up' }, bus: { status: 'up' } },
    });
    expect(Number.isNaN(Date.parse(res.body.timestamp))).toBe(false);
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ready: true, dependencies: { database: { status: 'up' }, bus: { status: 'up' } } });
  });

  it('when there are no checks, then /health is 200', async () => {
    const { health: res } = await health({});
    expect(res.status).toBe(200);
    expect(res.body.dependencies).toEqual({});
  });

  it('when a check reports down, then /health and /ready are 503 and name it', async () => {
    const { health: res, ready } = await health({
      database: () => ({ status: 'up' }),
      bus: () => ({ status: 'down', detail: 'no connection' }),
    });

    expect(res.status).toBe(503);
    expect(res.body.status).toBe('DOWN');
    expect(res.body.dependencies.bus).toEqual({ status: 'down', detail: 'no connection' });
    expect(res.body.dependencies.database).toEqual({ status: 'up' });
    expect(ready.status).toBe(503);
    expect(ready.body.ready).toBe(false);
  });

  it('when a check throws, then /health is 503 with that dependency down', async () => {
    const { health: res } = await health({
      database: () => {
        throw new Error('connection refused');
      },
    });
    expect(res.status).toBe(503);
    expect(res.body.dependencies.database.status).toBe('down');
  });

  it('when a check rejects, then /health is 503 with that dependency down', async () => {
    const { health: res } = await health({ database: () => Promise.reject(new Error('timeout')) });
    expect(res.status).toBe(503);
    expect(res.body.dependencies.database.status).toBe('down');
  });

  it('when a check never answers, then /health still answers 503 with that dependency timed out', async () => {
    const { health: res } = await health({ database: () => new Promise(() => {}), bus: () => ({ status: 'up' }) });
    expect(res.status).toBe(503);
    expect(res.body.dependencies.database).toEqual({ status: 'down', detail: 'health check timed out' });
    expect(res.body.dependencies.bus).toEqual({ status: 'up' });
  });
});
