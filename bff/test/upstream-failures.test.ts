import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { asMonitoring, call, closedPortUrl, startBff, startFakeUpstream } from './helpers.ts';

const STACK = 'Error: relation "users" does not exist\n    at Query.run (/srv/users/src/store/sql.user-store.ts:42:11)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';

describe('BFF when the users service misbehaves', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function bffInFrontOf(usersUrl: string, env: Record<string, string> = {}) {
    const bff = await startBff({ USERS_SERVICE_URL: usersUrl, ...env });
    cleanups.push(bff.stop);
    return bff;
  }

  async function fake(handler: http.RequestListener) {
    const upstream = await startFakeUpstream(handler);
    cleanups.push(upstream.close);
    return upstream;
  }

  it('when nothing listens at the service URL, then it is 503 SERVICE_UNAVAILABLE at once with Retry-After, not a timeout', async () => {
    // A long timeout: a 503 (not a 504) shows the BFF did not wait for it.
    const bff = await bffInFrontOf(await closedPortUrl(), { UPSTREAM_TIMEOUT_MS: '20000' });

    const res = await call(bff.url, 'POST', '/api/auth/login', { body: { email: 'a@example.com', password: 'whatever-1' } });

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual({
      error: { code: 'SERVICE_UNAVAILABLE', message: 'The users service is unavailable', details: { retryAfterSeconds: 1 } },
      message: 'The users service is unavailable',
    });
  });

  it('when the service never answers, then it is 504 UPSTREAM_TIMEOUT after UPSTREAM_TIMEOUT_MS', async () => {
    const held: http.ServerResponse[] = [];
    const upstream = await fake((_req, res) => {
      held.push(res);
    });
    const bff = await bffInFrontOf(upstream.url, { UPSTREAM_TIMEOUT_MS: '300' });

    const res = await call(bff.url, 'GET', '/api/auth/profile', { token: 'x.y.z' });

    expect(held.length).toBeGreaterThan(0);
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('UPSTREAM_TIMEOUT');
    expect(res.body.message).toBe('The users service did not answer in time');
  });

  it('when the service sends headers but stalls in the body, then it is 504 too', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"token": "par');
    });
    const bff = await bffInFrontOf(upstream.url, { UPSTREAM_TIMEOUT_MS: '300' });

    const res = await call(bff.url, 'POST', '/api/auth/login', { body: { email: 'a@example.com', password: 'whatever-1' } });

    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('when the service answers 500 with a stack trace, then it is 502 and the stack stays out', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'INTERNAL', message: STACK }, stack: STACK }));
    });
    const bff = await bffInFrontOf(upstream.url);

    const res = await call(bff.url, 'POST', '/api/auth/register', { body: { email: 'a@example.com', password: 'x', fullName: 'y' } });

    expect(res.status).toBe(502);
    expect(res.body).toEqual({
      error: { code: 'UPSTREAM_ERROR', message: 'The users service failed to answer' },
      message: 'The users service failed to answer',
    });
    expect(res.text).not.toMatch(/relation|sql\.user-store|\bat /);
  });

  it('when the service answers 503 as plain text, then it is still a JSON 502', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>Service Unavailable</h1>');
    });
    const bff = await bffInFrontOf(upstream.url);

    const res = await call(bff.url, 'GET', '/api/auth/profile');

    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.text).not.toContain('<h1>');
  });

  it('when the service is down, then BFF /health is 503 with users down', async () => {
    const bff = await bffInFrontOf(await closedPortUrl());

    const res = await call(bff.url, 'GET', '/health', asMonitoring);

    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'DOWN', service: 'BFF', dependencies: { users: { status: 'down' } } });
    expect((await call(bff.url, 'GET', '/ready')).status).toBe(503);
  });

  it('when the service health answers 503, then BFF /health is 503 too', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"status":"DOWN"}');
    });
    const bff = await bffInFrontOf(upstream.url);

    const res = await call(bff.url, 'GET', '/health', asMonitoring);

    expect(res.status).toBe(503);
    expect(res.body.dependencies.users).toEqual({ status: 'down', detail: 'health answered 503' });
  });

  it('when the BFF forwards a request, then the service sees the request id and no cookies', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const upstream = await fake((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'leak=1' });
      res.end('{"ok":true}');
    });
    const bff = await bffInFrontOf(upstream.url);

    const res = await fetch(`${bff.url}/api/auth/profile`, {
      headers: { 'x-request-id': 'trace-42', cookie: 'session=secret', authorization: 'Bearer a.b.c' },
    });

    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ 'x-request-id': 'trace-42', authorization: 'Bearer a.b.c' });
    expect(seen[0]?.cookie).toBeUndefined();
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
