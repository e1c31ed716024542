import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersDeps } from '../../src/app/deps.ts';
import { internalRoutes } from '../../src/http/internal.routes.ts';
import { client, expectErrorShape, registerUser, startUsers, uniqueEmail, type Call, type RunningUsers } from './helpers.ts';

const SERVICE_TOKEN = randomBytes(32).toString('base64url');

let endpointCounter = 0;
const subscription = () => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/internal-${++endpointCounter}`,
  expirationTime: null,
  keys: { p256dh: `BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA${endpointCounter}`, auth: 'tBHItJI5svbpez7KI4CCXg' },
});

/**
 * The real users service (public routes), plus the internal router mounted the way
 * service.ts mounts it (`app.use('/internal', internalRoutes(deps, SERVICE_TOKEN))`) on an
 * app of the kit's shape, over the same store: what a browser subscribes through the public
 * API is what the BFF reads through the internal one.
 */
describe('users service: /internal push subscription routes', () => {
  let users: RunningUsers;
  let call: Call;
  let callInternal: Call;

  beforeAll(async () => {
    users = await startUsers({ env: { SERVICE_TOKEN } });
    call = client(users.url);
    callInternal = call;
  });
  afterAll(async () => {
    await users?.stop();
  });

  const withToken = (token = SERVICE_TOKEN) => ({ headers: { 'x-service-token': token } });
  // Straight into the store: hashing a password per test would make this file slow for nothing.
  const newUser = () =>
    users.store.createUser({ email: uniqueEmail('internal'), fullName: 'Test User', phone: null, role: 'CUSTOMER', passwordHash: 'unused' });
  const subscribe = async (userId: number) => {
    const sub = subscription();
    await users.store.savePushSubscription({ userId, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth, expirationTime: null });
    return sub;
  };
  const endpointsOf = async (userId: number) => (await users.store.listPushSubscriptions(userId)).map((s) => s.endpoint);

  it('when the BFF asks with the token, then it gets the user\'s subscriptions with their keys, uncacheable', async () => {
    const user = await registerUser(call);
    const other = await registerUser(call);
    const sub = subscription();
    await call('POST', '/api/push/subscriptions', { token: user.token, body: sub });
    await call('POST', '/api/push/subscriptions', { token: other.token, body: subscription() });

    const res = await callInternal('GET', `/internal/users/${user.id}/push-subscriptions`, withToken());

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({ subscriptions: [{ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }] });
  });

  it('when the user has no subscriptions, then the list is empty', async () => {
    const user = await newUser();

    const res = await callInternal('GET', `/internal/users/${user.id}/push-subscriptions`, withToken());

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subscriptions: [] });
  });

  it('when the BFF deletes a dead endpoint, then it is gone whoever owned it; deleting again is 204 too', async () => {
    const user = await newUser();
    const sub = await subscribe(user.id);

    const first = await callInternal('DELETE', '/internal/push-subscriptions', { ...withToken(), body: { endpoint: sub.endpoint } });
    const second = await callInternal('DELETE', '/internal/push-subscriptions', { ...withToken(), body: { endpoint: sub.endpoint } });

    expect(first.status).toBe(204);
    expect(second.status).toBe(204);
    expect(await endpointsOf(user.id)).toEqual([]);
  });

  it.each([
    ['no token', {}],
    ['a wrong token of the same length', withToken(randomBytes(32).toString('base64url'))],
    ['a prefix of the token', withToken(SERVICE_TOKEN.slice(0, 10))],
    ['the token with something appended', withToken(`${SERVICE_TOKEN}x`)],
  ])('when the caller sends %s, then every internal route is 401 and nothing changes', async (_case, options) => {
    const user = await newUser();
    const sub = await subscribe(user.id);

    const list = await callInternal('GET', `/internal/users/${user.id}/push-subscriptions`, options);
    const remove = await callInternal('DELETE', '/internal/push-subscriptions', { ...options, body: { endpoint: sub.endpoint } });

    for (const res of [list, remove]) {
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
    }
    expect(list.text).not.toContain(sub.keys.auth);
    expect(await endpointsOf(user.id)).toEqual([sub.endpoint]);
  });

  it('when a user\'s bearer token is sent instead of the service token, then it is 401', async () => {
    const user = await registerUser(call);

    const res = await callInternal('GET', `/internal/users/${user.id}/push-subscriptions`, { token: user.token });

    expect(res.status).toBe(401);
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999999999999'])('when the user id is %s, then it is 400', async (userId) => {
    const res = await callInternal('GET', `/internal/users/${userId}/push-subscriptions`, withToken());

    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
  });

  it('when the delete has no endpoint, then it is 400', async () => {
    const res = await callInternal('DELETE', '/internal/push-subscriptions', { ...withToken(), body: {} });

    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
  });

  it('when the internal routes are asked for on the public service, then they are not there', async () => {
    const res = await call('GET', '/api/internal/users/1/push-subscriptions', withToken());

    expect(res.status).toBe(404);
  });

  it('when the router is built with a short token, then it refuses to start', () => {
    expect(() => internalRoutes({} as UsersDeps, 'short')).toThrow(/at least 32/);
  });
});
