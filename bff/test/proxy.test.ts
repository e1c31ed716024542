import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asMonitoring, call, startBff, startFakeUpstream, startUsers } from './helpers.ts';

const ADMIN = { email: 'admin@canteen.test', password: 'Admin-Strong-Pass-1' };

describe('BFF in front of the real users service', () => {
  let users: Awaited<ReturnType<typeof startUsers>>;
  let bff: Awaited<ReturnType<typeof startBff>>;
  let seq = 0;
  const newAccount = () => ({ email: `bff.${process.pid}.${++seq}@example.com`, password: 'Correct-Horse-7-Battery', fullName: 'Via BFF' });

  beforeAll(async () => {
    users = await startUsers({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '2',
    });
    bff = await startBff({ USERS_SERVICE_URL: users.url });
  });
  afterAll(async () => {
    await bff?.stop();
    await users?.service.stop();
  });

  it('when a client registers, logs in and reads the profile through the BFF, then the shapes are the original ones and sign-up answers 201 Created as its document says', async () => {
    const account = newAccount();

    const registered = await call(bff.url, 'POST', '/api/auth/register', { body: account });
    const loggedIn = await call(bff.url, 'POST', '/api/auth/login', { body: { email: account.email, password: account.password } });
    const profile = await call(bff.url, 'GET', '/api/auth/profile', { token: loggedIn.body.token });

    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({
      token: expect.any(String),
      type: 'Bearer',
      id: expect.any(Number),
      email: account.email,
      fullName: 'Via BFF',
      role: 'CUSTOMER',
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.id).toBe(registered.body.id);
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({ id: registered.body.id, email: account.email, fullName: 'Via BFF', role: 'CUSTOMER', phone: null });
    expect(profile.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('when the service answers with a 4xx, then the BFF passes its status and body through unchanged', async () => {
    const account = newAccount();
    await call(bff.url, 'POST', '/api/auth/register', { body: account });

    const direct = await call(users.url, 'POST', '/api/auth/register', { body: account });
    const viaBff = await call(bff.url, 'POST', '/api/auth/register', { body: account });
    const badLogin = await call(bff.url, 'POST', '/api/auth/login', { body: { email: account.email, password: 'Wrong-Pass-123' } });
    const noToken = await call(bff.url, 'GET', '/api/auth/profile');

    expect(viaBff.status).toBe(409);
    expect(viaBff.text).toBe(direct.text);
    expect(badLogin.status).toBe(401);
    expect(badLogin.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe('UNAUTHORIZED');
  });

  it('when the body is malformed JSON, then the BFF itself answers 400 MALFORMED_JSON', async () => {
    const res = await fetch(`${bff.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
  });

  it('when refresh and logout go through the BFF, then rotation and revocation work and 204 stays empty', async () => {
    const registered = (await call(bff.url, 'POST', '/api/auth/register', { body: newAccount() })).body;

    const refreshed = await call(bff.url, 'POST', '/api/auth/refresh', { body: { refreshToken: registered.refreshToken } });
    const logout = await call(bff.url, 'POST', '/api/auth/logout', { token: refreshed.body.token, body: { refreshToken: refreshed.body.refreshToken } });
    const afterLogout = await call(bff.url, 'POST', '/api/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });

    expect(refreshed.status).toBe(200);
    expect(logout.status).toBe(204);
    expect(logout.text).toBe('');
    expect(afterLogout.status).toBe(401);
  });

  it('when the admin routes and push routes go through the BFF, then roles are still enforced by the service', async () => {
    const customer = (await call(bff.url, 'POST', '/api/auth/register', { body: newAccount() })).body;
    const admin = (await call(bff.url, 'POST', '/api/auth/login', { body: ADMIN })).body;

    expect((await call(bff.url, 'GET', '/api/users', { token: customer.token })).status).toBe(403);
    const list = await call(bff.url, 'GET', `/api/users?q=${encodeURIComponent(customer.email)}`, { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);

    const sub = { endpoint: 'https://fcm.googleapis.com/fcm/send/bff', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' } };
    expect((await call(bff.url, 'POST', '/api/push/subscriptions', { token: customer.token, body: sub })).status).toBe(201);
    const subs = await call(bff.url, 'GET', '/api/push/subscriptions', { token: customer.token });
    expect(subs.body.subscriptions.map((s: { endpoint: string }) => s.endpoint)).toEqual([sub.endpoint]);
  });

  it('when the service throttles a login, then the BFF passes 429 and Retry-After on', async () => {
    const account = newAccount();
    await call(bff.url, 'POST', '/api/auth/register', { body: account });
    for (let i = 0; i < 2; i++) {
      await call(bff.url, 'POST', '/api/auth/login', { body: { email: account.email, password: 'Wrong-Pass-123' } });
    }

    const res = await call(bff.url, 'POST', '/api/auth/login', { body: { email: account.email, password: account.password } });

    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when a registration through the BFF has a NUL in the name, then it is 400 naming the field (not 502) and makes no account', async () => {
    const account = { ...newAccount(), fullName: 'Via\u0000BFF' };

    const res = await call(bff.url, 'POST', '/api/auth/register', { body: account });
    const login = await call(bff.url, 'POST', '/api/auth/login', { body: { email: account.email, password: account.password } });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('fullName: must not contain control characters');
    expect(login.status).toBe(401);
  });

  it('when a registration through the BFF has a 6-character password, then the top-level message names the problem', async () => {
    const res = await call(bff.url, 'POST', '/api/auth/register', { body: { ...newAccount(), password: 'abc123' } });

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('password: must be at least 8 characters');
  });

  it('when the client sends a request id, then the BFF answers with it', async () => {
    const res = await fetch(`${bff.url}/api/auth/profile`, { headers: { 'x-request-id': 'bff-trace-1' } });
    expect(res.headers.get('x-request-id')).toBe('bff-trace-1');
  });

  it('when the users service is up, then BFF /health reports users up (and 503 while the others are not running)', async () => {
    const res = await call(bff.url, 'GET', '/health', asMonitoring);
    // Only users runs in this file: the other services the BFF routes to are reported down.
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'DOWN',
      service: 'BFF',
      dependencies: { users: { status: 'up' }, menu: { status: 'down' }, orders: { status: 'down' } },
    });
  });

  it('when a path is not routed by the BFF, then it is a JSON 404', async () => {
    const res = await call(bff.url, 'GET', '/api/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('BFF passing a JSON body on', () => {
  it('when a number is beyond a double (1e400), then the service still gets a number (the largest), not null', async () => {
    const received: string[] = [];
    const upstream = await startFakeUpstream((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += String(chunk)));
      req.on('end', () => {
        received.push(text);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const bff = await startBff({ USERS_SERVICE_URL: upstream.url });
    try {
      const res = await fetch(`${bff.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"price": 1e400, "refund": -1e400}',
      });

      expect(res.status).toBe(200);
      expect(JSON.parse(received[0]!)).toEqual({ price: Number.MAX_VALUE, refund: -Number.MAX_VALUE });
    } finally {
      await bff.stop();
      await upstream.close();
    }
  });
});
