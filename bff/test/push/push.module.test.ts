import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { ConfigError, createHttpApp, createInProcessBus, listen, silentLogger, type RunningServer } from '@canteen/service-kit';
import { createWebPush, type WebPushConfig } from '../../src/push/push.module.ts';
import { call } from '../helpers.ts';

const keys = webpush.generateVAPIDKeys();
const base: WebPushConfig = {
  USERS_SERVICE_URL: 'http://127.0.0.1:1',
  UPSTREAM_TIMEOUT_MS: 1000,
  PUSH_ENDPOINT_HOSTS: ['fcm.googleapis.com'],
  PUSH_ALLOW_PRIVATE_NETWORK: false,
};
const on: WebPushConfig = {
  ...base,
  VAPID_PUBLIC_KEY: keys.publicKey,
  VAPID_PRIVATE_KEY: keys.privateKey,
  VAPID_SUBJECT: 'mailto:ops@canteen.example',
  SERVICE_TOKEN: randomBytes(32).toString('base64url'),
};

describe('Web Push module', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(push: ReturnType<typeof createWebPush>): Promise<RunningServer> {
    const app = createHttpApp({ service: 'BFF', logger: silentLogger(), routes: (app) => app.use('/api/push', push.routes) });
    const server = await listen(app, 0, '127.0.0.1');
    cleanups.push(() => server.close());
    return server;
  }

  it('when push is configured, then GET /api/push/vapid-public-key gives the public key, and the module consumes the push events', async () => {
    const bus = createInProcessBus({ logger: silentLogger() });
    cleanups.push(() => bus.close());
    const push = createWebPush(on, { logger: silentLogger(), bus });
    await push.start();
    cleanups.push(() => push.stop());
    const server = await serve(push);

    const res = await call(server.url, 'GET', '/api/push/vapid-public-key');

    expect(push.enabled).toBe(true);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ publicKey: keys.publicKey });
    expect(res.text).not.toContain(keys.privateKey);
  });

  it('when no VAPID keys are set, then push is off and the key route answers 503 PUSH_DISABLED', async () => {
    const push = createWebPush(base, { logger: silentLogger() });
    await push.start();
    const server = await serve(push);

    const res = await call(server.url, 'GET', '/api/push/vapid-public-key');

    expect(push.enabled).toBe(false);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PUSH_DISABLED');
  });

  it('when push is on but there is neither a bus nor AMQP_URL, then it refuses to start with a clear message', () => {
    expect(() => createWebPush(on, { logger: silentLogger() })).toThrow(ConfigError);
    expect(() => createWebPush(on, { logger: silentLogger() })).toThrow(/AMQP_URL is required for Web Push/);
  });

  it('when the configuration is half there, then it refuses to start', () => {
    expect(() => createWebPush({ ...on, SERVICE_TOKEN: undefined }, { logger: silentLogger() })).toThrow(/SERVICE_TOKEN/);
  });
});
