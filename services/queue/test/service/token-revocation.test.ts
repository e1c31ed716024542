import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuthResponse } from '@canteen/contracts';
import { createInProcessBus, silentLogger } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually, startLoop, SERVICE_TOKEN, type Call, type Loop } from '../../../orders/test/http/helpers.ts';
import { createUsersService, loadUsersConfig, type UsersService } from '../../../users/src/service.ts';
import { openUserStore } from '../../../users/src/store/index.ts';
import { createQueueService, loadQueueConfig, type QueueService } from '../../src/service.ts';
import { connect, connectAs, type TestClient } from '../ws/helpers.ts';

/**
 * Issue 15 item 3: the users service (on PGlite), the orders service and the queue service on
 * one in-process bus, as all-in-one runs them. A user's access token that still verifies by its
 * signature stops working at another service, and their open /ws connection is closed, once
 * they are deactivated, change their password or log out everywhere.
 */
const ADMIN = { email: 'admin@revoke.test', password: 'admin-revoke-pass-1' };
// The bound: every service refuses an older token within a second (polled, not timed).
const WITHIN_A_SECOND = { timeoutMs: 1000, intervalMs: 10 };

let loop: Loop;
let users: UsersService;
let queue: QueueService;
let auth: Call;
let usersUrl: string;
let wsUrl: string;
let dir: string;
beforeAll(async () => {
  loop = await startLoop();
  dir = mkdtempSync(path.join(tmpdir(), 'token-revocation-'));
  users = await createUsersService(
    loadUsersConfig({
      USERS_PORT: '0',
      JWT_PRIVATE_KEY: loop.keys.privateKey,
      JWT_PUBLIC_KEY: loop.keys.publicKey,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      SERVICE_TOKEN,
    }),
    { bus: loop.bus, store: await openUserStore({ kind: 'pglite' }), logger: silentLogger() },
  );
  usersUrl = (await users.start()).url;
  auth = client(usersUrl);
  queue = await createQueueService(
    loadQueueConfig({ QUEUE_PORT: '0', JWT_PUBLIC_KEY: loop.keys.publicKey, LOG_LEVEL: 'silent', DATA_DIR: dir, SERVICE_TOKEN, QUEUE_RECONCILE_INTERVAL_MS: '3600000' }),
    { bus: loop.bus, ordersUrl: loop.orders.url, logger: silentLogger() },
  );
  wsUrl = `${(await queue.start()).url.replace(/^http/, 'ws')}/ws`;
});
afterAll(async () => {
  await queue?.stop();
  await users?.stop();
  await loop?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let registered = 0;
async function newCustomer(): Promise<AuthResponse & { password: string }> {
  const password = `revoke-me-${registered}-Xq7!`;
  const res = await auth<AuthResponse>('POST', '/api/auth/register', {
    body: { email: `student${++registered}.${Date.now()}@revoke.test`, password, fullName: 'Revoked Student' },
  });
  expect(res.status).toBeLessThan(300);
  return { ...res.body, password };
}
const login = async (email: string, password: string) => {
  const res = await auth<AuthResponse>('POST', '/api/auth/login', { body: { email, password } });
  expect(res.status).toBe(200);
  return res.body;
};
/** A call only a signed-in customer can make, at another service than the one that revoked. */
const ordersStatus = async (userId: number, token: string) => (await loop.call('GET', `/api/orders/user/${userId}`, { token })).status;
const refusedByOrders = (userId: number, token: string) =>
  eventually(async () => expect(await ordersStatus(userId, token)).toBe(401), WITHIN_A_SECOND);
const socketClosed = async (socket: TestClient) => {
  const closed = await socket.closed;
  expect(closed).toEqual({ code: 4001, reason: 'token revoked' });
};

describe('a revoked user’s access token and sockets', () => {
  it('when an admin deactivates a user, then their still-valid token is refused by the orders service and their /ws socket is closed', async () => {
    const student = await newCustomer();
    expect(await ordersStatus(student.id, student.token)).toBe(200);
    const socket = await connectAs(wsUrl, student.token);
    const admin = await login(ADMIN.email, ADMIN.password);

    const patched = await auth('PATCH', `/api/users/${student.id}`, { token: admin.token, body: { active: false } });
    expect(patched.status).toBe(200);

    await refusedByOrders(student.id, student.token);
    await socketClosed(socket);
    expect((await auth('GET', '/api/auth/profile', { token: student.token })).status).toBe(401);
  });

  it('when an admin changes a user’s role, then the token with the old role is refused and a new sign-in works', async () => {
    const student = await newCustomer();
    expect(await ordersStatus(student.id, student.token)).toBe(200);
    const admin = await login(ADMIN.email, ADMIN.password);

    expect((await auth('PATCH', `/api/users/${student.id}`, { token: admin.token, body: { role: 'STAFF' } })).status).toBe(200);

    await refusedByOrders(student.id, student.token);
    const again = await login(student.email, student.password);
    expect(again.role).toBe('STAFF');
    expect(await ordersStatus(student.id, again.token)).toBe(200);
  });

  it('when a user changes their password, then their old token is refused and its socket closed, and the new token works at once', async () => {
    const student = await newCustomer();
    const socket = await connectAs(wsUrl, student.token);
    expect(await ordersStatus(student.id, student.token)).toBe(200);

    const changed = await auth<AuthResponse>('POST', '/api/auth/password', {
      token: student.token,
      body: { currentPassword: student.password, newPassword: 'a-brand-new-passphrase-9' },
    });
    expect(changed.status).toBe(200);

    await refusedByOrders(student.id, student.token);
    await socketClosed(socket);
    expect(await ordersStatus(student.id, changed.body.token)).toBe(200);
    const fresh = await connectAs(wsUrl, changed.body.token);
    expect(fresh.frames[0]).toMatchObject({ type: 'welcome', scope: 'customer' });
    fresh.ws.close();
  });

  it('when a user logs out everywhere, then their token is refused and its socket closed, and a token from a new sign-in works', async () => {
    const student = await newCustomer();
    const socket = await connectAs(wsUrl, student.token);

    expect((await auth('POST', '/api/auth/logout', { token: student.token, body: {} })).status).toBe(204);

    await refusedByOrders(student.id, student.token);
    await socketClosed(socket);
    const again = await login(student.email, student.password);
    expect(await ordersStatus(student.id, again.token)).toBe(200);
  });
});

describe('a service that starts after the revocation', () => {
  it('when it never saw the event (its own bus), then it loads the moments from the users service and refuses the older token', async () => {
    const revoked = await newCustomer();
    const other = await newCustomer();
    expect((await auth('POST', '/api/auth/logout', { token: revoked.token, body: {} })).status).toBe(204);

    const lateDir = mkdtempSync(path.join(tmpdir(), 'token-revocation-late-'));
    const lonelyBus = createInProcessBus({ logger: silentLogger() });
    const late = await createQueueService(
      loadQueueConfig({
        QUEUE_PORT: '0',
        JWT_PUBLIC_KEY: loop.keys.publicKey,
        LOG_LEVEL: 'silent',
        DATA_DIR: lateDir,
        SERVICE_TOKEN,
        USERS_SERVICE_URL: usersUrl,
        QUEUE_RECONCILE_INTERVAL_MS: '3600000',
      }),
      { bus: lonelyBus, ordersUrl: loop.orders.url, logger: silentLogger() },
    );
    try {
      const lateWs = `${(await late.start()).url.replace(/^http/, 'ws')}/ws`;
      const socket = await connect(lateWs);
      socket.send({ type: 'auth', token: revoked.token });
      expect(await socket.closed).toEqual({ code: 4001, reason: 'token revoked' });
      const welcomed = await connectAs(lateWs, other.token);
      expect(welcomed.frames[0]).toMatchObject({ type: 'welcome', scope: 'customer' });
      welcomed.ws.close();
    } finally {
      await late.stop();
      await lonelyBus.close();
      rmSync(lateDir, { recursive: true, force: true });
    }
  });
});
