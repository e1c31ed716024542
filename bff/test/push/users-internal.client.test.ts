import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, silentLogger, type RunningServer } from '@canteen/service-kit';
import { loadUsersConfig } from '../../../services/users/src/config.ts';
import { createUsersService, type UsersService } from '../../../services/users/src/service.ts';
import { openUserStore } from '../../../services/users/src/store/index.ts';
import type { UserStore } from '../../../services/users/src/store/user.store.ts';
import { createUsersInternalClient } from '../../src/push/users-internal.client.ts';
import { closedPortUrl, startFakeUpstream } from '../helpers.ts';

const TOKEN = randomBytes(32).toString('base64url');

/** The BFF's client against the users service's real internal router, over one PGlite store. */
describe('users internal client', () => {
  let store: UserStore;
  let server: RunningServer;
  let users: UsersService;

  beforeAll(async () => {
    store = await openUserStore({ kind: 'pglite' });
    const keys = generateSigningKeyPair();
    const config = loadUsersConfig({
      USERS_PORT: '0', JWT_PRIVATE_KEY: keys.privateKey, JWT_PUBLIC_KEY: keys.publicKey, SERVICE_TOKEN: TOKEN, LOG_LEVEL: 'silent',
    });
    users = await createUsersService(config, { store, logger: silentLogger() });
    server = await users.start();
  });
  afterAll(async () => {
    await users?.stop();
  });

  const clientWith = (overrides: { baseUrl?: string; serviceToken?: string; timeoutMs?: number } = {}) =>
    createUsersInternalClient({ baseUrl: server.url, serviceToken: TOKEN, timeoutMs: 2000, logger: silentLogger(), ...overrides });

  it('when a user has subscriptions, then list gives them with keys, and remove deletes one by endpoint', async () => {
    const user = await store.createUser({ email: 'client.test@example.com', fullName: 'Client Test', phone: null, role: 'CUSTOMER', passwordHash: 'unused' });
    const keys = { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' };
    await store.savePushSubscription({ userId: user.id, endpoint: 'https://fcm.googleapis.com/fcm/a', ...keys, expirationTime: null });
    await store.savePushSubscription({ userId: user.id, endpoint: 'https://fcm.googleapis.com/fcm/b', ...keys, expirationTime: 1_900_000_000_000 });
    const users = clientWith();

    const listed = await users.list(user.id);
    await users.remove('https://fcm.googleapis.com/fcm/a');

    expect(listed.sort((x, y) => x.endpoint.localeCompare(y.endpoint))).toEqual([
      { endpoint: 'https://fcm.googleapis.com/fcm/a', expirationTime: null, keys },
      { endpoint: 'https://fcm.googleapis.com/fcm/b', expirationTime: 1_900_000_000_000, keys },
    ]);
    expect((await users.list(user.id)).map((s) => s.endpoint)).toEqual(['https://fcm.googleapis.com/fcm/b']);
  });

  it('when the token is wrong, then list and remove reject with the status', async () => {
    const users = clientWith({ serviceToken: randomBytes(32).toString('base64url') });

    await expect(users.list(1)).rejects.toThrow(/answered 401/);
    await expect(users.remove('https://fcm.googleapis.com/fcm/x')).rejects.toThrow(/answered 401/);
  });

  it('when the users service is down, then list rejects', async () => {
    await expect(clientWith({ baseUrl: await closedPortUrl() }).list(1)).rejects.toThrow(/users service GET/);
  });

  it('when the users service does not answer in time, then list rejects with the timeout', async () => {
    const silent = await startFakeUpstream(() => {});
    try {
      await expect(clientWith({ baseUrl: silent.url, timeoutMs: 200 }).list(1)).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      await silent.close();
    }
  });

  it('when one stored row is malformed, then the others are still returned', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          subscriptions: [
            { endpoint: 'http://not-https.example/x', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' } },
            { endpoint: 'https://fcm.googleapis.com/fcm/ok', expirationTime: null, keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' } },
          ],
        }),
      );
    });
    try {
      const listed = await clientWith({ baseUrl: upstream.url }).list(1);
      expect(listed.map((s) => s.endpoint)).toEqual(['https://fcm.googleapis.com/fcm/ok']);
    } finally {
      await upstream.close();
    }
  });
});
