import { randomUUID } from 'node:crypto';
import { USER_SESSIONS_REVOKED } from '@canteen/contracts';
import { createInProcessBus, generateSigningKeyPair, silentLogger, type EventBus } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBffService, loadBffConfig, type BffService } from '../../src/service.ts';
import { closedPortUrl, startFakeUpstream } from '../helpers.ts';
import { client, eventually, tokensFor, USERS, type Call, type Tokens } from './system.ts';

/**
 * Issue 15 item 3, the BFF's part: the routes the BFF answers itself (the apps' aggregates, the
 * dead-letter admin API, /metrics) check the token there, so a revoked access token must stop
 * working at the BFF too, within a second of user.sessions_revoked, and after a restart.
 */
const SERVICE_TOKEN = 'bff-revocation-test-service-token-0123456789';
const WITHIN_A_SECOND = { timeoutMs: 1000, intervalMs: 10 };
const nowSeconds = () => Math.floor(Date.now() / 1000);
const revoked = (userId: number, notBefore: number) => ({
  event_id: randomUUID(),
  event_type: USER_SESSIONS_REVOKED,
  schema_version: 1,
  timestamp: new Date().toISOString(),
  user_id: String(userId),
  not_before: notBefore,
  reason: 'role_changed',
});

describe('BFF: access tokens of a revoked user', () => {
  const keys = generateSigningKeyPair();
  let tokens: Tokens;
  let bus: EventBus;
  let bff: BffService;
  let call: Call;
  // The users service as the BFF asks it at start: staff member USERS.staff was revoked a moment ago.
  let users: Awaited<ReturnType<typeof startFakeUpstream>>;
  let revokedAtStart = 0;

  beforeAll(async () => {
    tokens = await tokensFor(keys);
    revokedAtStart = nowSeconds() + 1;
    users = await startFakeUpstream((req, res) => {
      const allowed = req.url?.startsWith('/internal/sessions/not-before') && req.headers['x-service-token'] === SERVICE_TOKEN;
      res.writeHead(allowed ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(allowed ? { users: [{ user_id: String(USERS.staff), not_before: revokedAtStart }] } : {}));
    });
    const nowhere = await closedPortUrl();
    bus = createInProcessBus({ logger: silentLogger() });
    bff = createBffService(
      loadBffConfig({
        BFF_PORT: '0', LOG_LEVEL: 'silent', JWT_PUBLIC_KEY: keys.publicKey, SERVICE_TOKEN,
        USERS_SERVICE_URL: users.url, MENU_SERVICE_URL: nowhere, ORDERS_SERVICE_URL: nowhere, PAYMENTS_SERVICE_URL: nowhere, QUEUE_SERVICE_URL: nowhere,
      }),
      { logger: silentLogger(), bus },
    );
    call = client((await bff.start()).url);
  });
  afterAll(async () => {
    await bff?.stop();
    await bus?.close();
    await users?.close();
  });

  it('when user.sessions_revoked arrives for an admin, then the BFF refuses their older token on its own routes within a second', async () => {
    expect((await call('GET', '/api/admin/dead-letters', { token: tokens.admin })).status).toBe(200);
    expect((await call('GET', '/metrics', { token: tokens.admin })).status).toBe(200);

    await bus.publish(USER_SESSIONS_REVOKED, revoked(USERS.admin, nowSeconds() + 1), { messageId: randomUUID() });

    await eventually(async () => expect((await call('GET', '/api/admin/dead-letters', { token: tokens.admin })).status).toBe(401), WITHIN_A_SECOND);
    expect((await call('GET', '/api/admin/overview', { token: tokens.admin })).status).toBe(401);
    expect((await call('GET', '/api/me/orders/active', { token: tokens.admin })).status).toBe(401);
    expect((await call('GET', '/metrics', { token: tokens.admin })).status).toBe(401);
    // Someone else's token is not touched.
    expect((await call('GET', '/api/admin/dead-letters', { token: (await tokensFor(keys, { ...USERS, admin: 999 })).admin })).status).toBe(200);
  });

  it('when a user was revoked before the BFF started, then their older token is refused from the start', async () => {
    expect((await call('GET', '/api/kitchen/tickets', { token: tokens.staff })).status).toBe(401);
    expect((await call('GET', '/metrics', { token: tokens.staff })).status).toBe(401);
  });
});
