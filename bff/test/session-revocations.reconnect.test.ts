import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuthResponse } from '@canteen/contracts';
import { createAmqpBus, silentLogger, type AmqpBus } from '@canteen/service-kit';
import { checkInfra, CuttableProxy, deleteQueues, eventually, testUrls } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMenuService, loadMenuConfig, type MenuService } from '../../services/menu/src/service.ts';
import { createSqliteMenuStore } from '../../services/menu/src/store/sqlite.menu-store.ts';
import { ORDER_EVENTS_CONSUMER as MENU_ORDER_EVENTS } from '../../services/menu/src/events/order-events.handler.ts';
import { createSessionRevocations, type SessionRevocations } from '../src/auth/session-revocations.ts';
import { call, startUsers } from './helpers.ts';

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);
const SERVICE_TOKEN = 'bff-reconnect-test-service-token-0123456789';
const issuedAt = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat;

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Issue 15, not-before revocations: an instance hears user.sessions_revoked on a queue of its
 * own, which goes with its broker connection. A revocation published while the connection is
 * down is lost with it; the instance reloads the moments from the users service when its
 * queue is made again. The real users service (PGlite) publishes on the real RabbitMQ (a
 * private exchange); the BFF's and a service's (menu: every service follows the same way)
 * connections go through a proxy the test cuts.
 */
describe.skipIf(!amqp.available)('the BFF and a service following revocations when their broker connection comes back', () => {
  const run = randomUUID().slice(0, 8);
  const exchange = `canteen.test.${run}`;
  const queuePrefix = `test-${run}.`;
  let usersBus: AmqpBus;
  let users: Awaited<ReturnType<typeof startUsers>>;
  let proxy: CuttableProxy;
  let revocations: SessionRevocations;
  let menuBus: AmqpBus;
  let menu: MenuService;
  let menuUrl: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'reconnect-menu-'));

  beforeAll(async () => {
    usersBus = await createAmqpBus({ url: testUrls.amqp, logger: silentLogger(), exchange, connectionName: 'reconnect-test-users' });
    users = await startUsers({ SERVICE_TOKEN }, { bus: usersBus });
    proxy = new CuttableProxy(new URL(testUrls.amqp));
    await proxy.up();
    revocations = createSessionRevocations({ AMQP_URL: proxy.url, USERS_SERVICE_URL: users.url, SERVICE_TOKEN }, { logger: silentLogger(), exchange });
    await revocations.start();
    menuBus = await createAmqpBus({ url: proxy.url, logger: silentLogger(), exchange, connectionName: 'reconnect-test-menu', reconnectSeconds: 1 });
    menu = await createMenuService(
      loadMenuConfig({ MENU_PORT: '0', JWT_PUBLIC_KEY: users.keys.publicKey, USERS_SERVICE_URL: users.url, SERVICE_TOKEN, DATA_DIR: dir, LOG_LEVEL: 'silent' }),
      { bus: menuBus, store: createSqliteMenuStore(':memory:'), logger: silentLogger(), queuePrefix },
    );
    menuUrl = (await menu.start()).url;
  });
  afterAll(async () => {
    await proxy?.up();
    await revocations?.stop();
    await menu?.stop();
    await menuBus?.close();
    await proxy?.cut();
    await users?.service.stop();
    await usersBus?.close();
    await deleteQueues(testUrls.amqp, [`${queuePrefix}${MENU_ORDER_EVENTS}`], exchange);
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the menu service says to the token on a route it checks the token of (a customer: 403 until revoked, then 401). */
  const menuSays = async (token: string) => (await call(menuUrl, 'POST', '/api/menu/categories', { token, body: { name: 'Not allowed' } })).status;

  async function student(): Promise<AuthResponse> {
    const res = await call(users.url, 'POST', '/api/auth/register', {
      body: { email: `reconnect-${randomUUID()}@canteen.example`, password: `pw-${randomUUID()}`, fullName: 'Reconnecting Student' },
    });
    expect(res.status, res.text).toBeLessThan(300);
    return res.body as AuthResponse;
  }

  it('when a user logs out everywhere while connected, then the event brings it to both (the set-up works)', async () => {
    const me = await student();
    expect(revocations.list.isRevoked(String(me.id), issuedAt(me.token))).toBe(false);

    expect((await call(users.url, 'POST', '/api/auth/logout', { token: me.token, body: {} })).status).toBe(204);

    await until(() => revocations.list.isRevoked(String(me.id), issuedAt(me.token)), 'the event');
    await eventually(async () => expect(await menuSays(me.token)).toBe(401));
  });

  it('when a user logs out everywhere while the connection is down, then the BFF and the menu service refuse their older token once it is back', async () => {
    const me = await student();
    expect(await menuSays(me.token)).toBe(403);
    await proxy.cut();

    expect((await call(users.url, 'POST', '/api/auth/logout', { token: me.token, body: {} })).status).toBe(204);
    // The event went out while the BFF had no queue: it is lost to it.
    expect(revocations.list.isRevoked(String(me.id), issuedAt(me.token))).toBe(false);
    expect(await menuSays(me.token)).toBe(403);

    await proxy.up();
    await until(() => revocations.list.isRevoked(String(me.id), issuedAt(me.token)), 'the reload after the reconnect');
    await eventually(async () => expect(await menuSays(me.token)).toBe(401));
  });
});
