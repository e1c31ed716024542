import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectErrorShape, registerUser, startUsers, type Call, type RunningUsers } from './helpers.ts';

let endpointCounter = 0;
const subscription = (endpoint = `https://fcm.googleapis.com/fcm/send/${++endpointCounter}`) => ({
  endpoint,
  expirationTime: null,
  keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' },
});

describe('users service: /api/push/subscriptions', () => {
  let users: RunningUsers;
  let call: Call;

  beforeAll(async () => {
    users = await startUsers();
    call = client(users.url);
  });
  afterAll(() => users?.stop());

  const list = async (token: string) =>
    (await call('GET', '/api/push/subscriptions', { token })).body.subscriptions.map((s: { endpoint: string }) => s.endpoint);

  it('when a user subscribes, then it is 201 and the subscription is listed', async () => {
    const user = await registerUser(call);
    const sub = subscription();

    const res = await call('POST', '/api/push/subscriptions', { token: user.token, body: sub });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ endpoint: sub.endpoint, subscribed: true });
    const listed = await call('GET', '/api/push/subscriptions', { token: user.token });
    expect(listed.status).toBe(200);
    expect(listed.body.subscriptions).toEqual([
      { endpoint: sub.endpoint, expirationTime: null, createdAt: expect.any(String) },
    ]);
    // The keys are for the BFF's push sender, not for the browser to read back.
    expect(listed.text).not.toContain(sub.keys.auth);
  });

  it("when two users subscribe, then each lists only their own", async () => {
    const alice = await registerUser(call);
    const bob = await registerUser(call);
    const aliceSub = subscription();
    const bobSub = subscription();
    await call('POST', '/api/push/subscriptions', { token: alice.token, body: aliceSub });
    await call('POST', '/api/push/subscriptions', { token: bob.token, body: bobSub });

    expect(await list(alice.token)).toEqual([aliceSub.endpoint]);
    expect(await list(bob.token)).toEqual([bobSub.endpoint]);
  });

  it('when a user unsubscribes, then it is 204 and the subscription is gone; a second time is 204 too', async () => {
    const user = await registerUser(call);
    const sub = subscription();
    await call('POST', '/api/push/subscriptions', { token: user.token, body: sub });

    const first = await call('DELETE', '/api/push/subscriptions', { token: user.token, body: { endpoint: sub.endpoint } });
    const second = await call('DELETE', '/api/push/subscriptions', { token: user.token, body: { endpoint: sub.endpoint } });

    expect(first.status).toBe(204);
    expect(second.status).toBe(204);
    expect(await list(user.token)).toEqual([]);
  });

  it("when a user deletes someone else's endpoint, then the owner keeps it", async () => {
    const owner = await registerUser(call);
    const other = await registerUser(call);
    const sub = subscription();
    await call('POST', '/api/push/subscriptions', { token: owner.token, body: sub });

    const res = await call('DELETE', '/api/push/subscriptions', { token: other.token, body: { endpoint: sub.endpoint } });

    expect(res.status).toBe(204);
    expect(await list(owner.token)).toEqual([sub.endpoint]);
  });

  it.each([
    ['an http endpoint', { ...subscription('http://fcm.googleapis.com/fcm/send/plain') }],
    ['a javascript: endpoint', { ...subscription('javascript:alert(1)') }],
    ['no keys', { endpoint: 'https://fcm.googleapis.com/fcm/send/nokeys' }],
    ['a host that is not a push service', { ...subscription('https://metadata.internal.example/latest') }],
    ['a look-alike host', { ...subscription('https://fcm.googleapis.com.evil.example/send/1') }],
    ['an IP address', { ...subscription('https://169.254.169.254/latest/meta-data') }],
    ['a loopback IPv6 address', { ...subscription('https://[::1]:8443/send/1') }],
    ['credentials in the URL', { ...subscription('https://user:pass@fcm.googleapis.com/fcm/send/1') }],
    ['a short auth key', { ...subscription(), keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'x' } }],
  ])('when the subscription has %s, then it is 400 and nothing is stored', async (_case, body) => {
    const user = await registerUser(call);

    const res = await call('POST', '/api/push/subscriptions', { token: user.token, body });

    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(await list(user.token)).toEqual([]);
  });

  it('when the endpoint belongs to another account, then it is 409 and stays with its owner', async () => {
    const owner = await registerUser(call);
    const other = await registerUser(call);
    const sub = subscription();
    await call('POST', '/api/push/subscriptions', { token: owner.token, body: sub });

    const res = await call('POST', '/api/push/subscriptions', { token: other.token, body: sub });

    expect(res.status).toBe(409);
    expectErrorShape(res.body, 'PUSH_SUBSCRIPTION_TAKEN');
    expect(await list(owner.token)).toEqual([sub.endpoint]);
    expect(await list(other.token)).toEqual([]);
  });

  it('when a user subscribes more often than the cap, then only the newest 10 are kept', async () => {
    const user = await registerUser(call);
    const subs = Array.from({ length: 12 }, () => subscription());
    for (const sub of subs) expect((await call('POST', '/api/push/subscriptions', { token: user.token, body: sub })).status).toBe(201);

    expect((await list(user.token)).sort()).toEqual(subs.slice(2).map((sub) => sub.endpoint).sort());
  });

  it('when there is no token, then every push route is 401', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await call(method, '/api/push/subscriptions', method === 'GET' ? {} : { body: subscription() });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
    }
  });
});
