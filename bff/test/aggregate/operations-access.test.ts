import { randomBytes } from 'node:crypto';
import { generateSigningKeyPair } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl } from '../helpers.ts';
import { expectError, startBffWith, tokensFor, type RunningBff, type Tokens } from './system.ts';

/**
 * The BFF is the public face: strangers learn whether it is up, never which services and
 * stores stand behind it or what its traffic looks like.
 */
describe('BFF /health, /ready and /metrics by caller', () => {
  const keys = generateSigningKeyPair();
  const METRICS_TOKEN = randomBytes(32).toString('base64url');
  let tokens: Tokens;
  let bff: RunningBff;

  beforeAll(async () => {
    tokens = await tokensFor(keys);
    // Nothing runs behind it: every dependency is down, which the details must say and strangers must not read.
    const nowhere = await closedPortUrl();
    bff = await startBffWith({
      JWT_PUBLIC_KEY: keys.publicKey,
      METRICS_TOKEN,
      USERS_SERVICE_URL: nowhere,
      MENU_SERVICE_URL: nowhere,
      ORDERS_SERVICE_URL: nowhere,
      PAYMENTS_SERVICE_URL: nowhere,
      QUEUE_SERVICE_URL: nowhere,
    });
  });
  afterAll(() => bff?.stop());

  it('when anyone asks /health and /ready, then they get the status only, with no dependency named', async () => {
    const health = await bff.call('GET', '/health');
    const ready = await bff.call('GET', '/ready');

    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'DOWN', service: 'BFF', timestamp: expect.any(String) });
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false });
    expect(`${health.text}${ready.text}`).not.toMatch(/users|menu|orders|payments|queue|ECONNREFUSED/);
  });

  it('when a customer asks, then /health is the bare status and /metrics is 403', async () => {
    expect((await bff.call('GET', '/health', { token: tokens.customer })).body).not.toHaveProperty('dependencies');
    expectError(await bff.call('GET', '/metrics', { token: tokens.customer }), 403, 'FORBIDDEN');
  });

  it('when nobody signed in asks /metrics, or with a forged token, then it is 401', async () => {
    expectError(await bff.call('GET', '/metrics'), 401, 'UNAUTHORIZED');
    expectError(await bff.call('GET', '/metrics', { token: `${METRICS_TOKEN.slice(0, -1)}x` }), 401, 'UNAUTHORIZED');
  });

  it('when staff ask, then /health names every dependency and /metrics answers', async () => {
    const health = await bff.call('GET', '/health', { token: tokens.staff });
    const ready = await bff.call('GET', '/ready', { token: tokens.admin });
    const metrics = await bff.call('GET', '/metrics', { token: tokens.staff });

    expect(health.status).toBe(503);
    expect(Object.keys(health.body.dependencies)).toEqual(expect.arrayContaining(['menu', 'orders', 'payments', 'queue', 'users']));
    expect(health.body.dependencies.users).toMatchObject({ status: 'down' });
    expect(ready.body).toMatchObject({ ready: false, dependencies: { orders: { status: 'down' } } });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_request');
  });

  it('when monitoring sends METRICS_TOKEN, then it reads /metrics and the detailed /health', async () => {
    const metrics = await bff.call('GET', '/metrics', { token: METRICS_TOKEN });
    const health = await bff.call('GET', '/health', { token: METRICS_TOKEN });

    expect(metrics.status).toBe(200);
    expect(health.body.dependencies.queue).toMatchObject({ status: 'down' });
  });
});
