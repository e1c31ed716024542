import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  expectErrorShape,
  login,
  registerUser,
  startUsers,
  type Call,
  type RunningUsers,
} from './helpers.ts';

const ADMIN = { email: 'admin@canteen.test', password: 'Admin-Strong-Pass-1' };

describe('users service: refresh, logout and deactivation', () => {
  let users: RunningUsers;
  let call: Call;
  let adminToken: string;

  beforeAll(async () => {
    users = await startUsers({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    call = client(users.url);
    adminToken = (await login(call, ADMIN.email, ADMIN.password)).token;
  });
  afterAll(() => users?.stop());

  const refresh = (refreshToken: string) => call('POST', '/api/auth/refresh', { body: { refreshToken } });

  describe('POST /api/auth/refresh', () => {
    it('when a fresh refresh token is used, then it gives a new pair that works', async () => {
      const user = await registerUser(call);

      const res = await refresh(user.refreshToken);

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ type: 'Bearer', id: user.id, email: user.email, role: 'CUSTOMER' });
      expect(res.body.refreshToken).not.toBe(user.refreshToken);
      expect((await call('GET', '/api/auth/profile', { token: res.body.token })).status).toBe(200);
    });

    it('when the rotated token is used, then it works once and the second use is refused', async () => {
      const user = await registerUser(call);
      const second = (await refresh(user.refreshToken)).body.refreshToken as string;

      const third = await refresh(second);
      const again = await refresh(second);

      expect(third.status).toBe(200);
      expect(again.status).toBe(401);
      expectErrorShape(again.body, 'REFRESH_TOKEN_REUSED');
    });

    it('when an old token is reused, then it is 401 REFRESH_TOKEN_REUSED and the newest token of the family is revoked too', async () => {
      const user = await registerUser(call);
      const rotated = await refresh(user.refreshToken);
      expect(rotated.status).toBe(200);

      const replay = await refresh(user.refreshToken);
      const newest = await refresh(rotated.body.refreshToken);

      expect(replay.status).toBe(401);
      expectErrorShape(replay.body, 'REFRESH_TOKEN_REUSED');
      expect(newest.status).toBe(401);
    });

    it('when one family is revoked for reuse, then another session of the same user still refreshes', async () => {
      const user = await registerUser(call);
      const otherSession = await login(call, user.email, user.password);
      await refresh(user.refreshToken);
      await refresh(user.refreshToken);

      expect((await refresh(otherSession.refreshToken)).status).toBe(200);
    });

    it('when the same token is refreshed twice at once, then exactly one gets a new pair', async () => {
      const user = await registerUser(call);

      const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);

      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('when the refresh token is unknown, then it is 401 INVALID_REFRESH_TOKEN', async () => {
      const res = await refresh(`rt_${'x'.repeat(43)}`);
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'INVALID_REFRESH_TOKEN');
    });

    it.each([
      ['no body', {}],
      ['a too short token', { body: { refreshToken: 'short' } }],
      ['a numeric token', { body: { refreshToken: 12345 } }],
    ])('when the request has %s, then it is 400', async (_case, request) => {
      const res = await call('POST', '/api/auth/refresh', request);
      expect(res.status).toBe(400);
      expectErrorShape(res.body);
    });

    it('when an access token is sent as the refresh token, then it is refused', async () => {
      const user = await registerUser(call);
      const res = await refresh(user.token);
      expect(res.status).toBe(401);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('when a session logs out with its refresh token, then that token no longer refreshes', async () => {
      const user = await registerUser(call);
      const other = await login(call, user.email, user.password);

      const res = await call('POST', '/api/auth/logout', { token: user.token, body: { refreshToken: user.refreshToken } });

      expect(res.status).toBe(204);
      expect((await refresh(user.refreshToken)).status).toBe(401);
      // Only that session ended.
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('when logout comes without a refresh token, then every session of the user ends', async () => {
      const user = await registerUser(call);
      const other = await login(call, user.email, user.password);

      const res = await call('POST', '/api/auth/logout', { token: user.token });

      expect(res.status).toBe(204);
      expect((await refresh(user.refreshToken)).status).toBe(401);
      expect((await refresh(other.refreshToken)).status).toBe(401);
    });

    it("when a user logs out with someone else's refresh token, then that other session survives", async () => {
      const mallory = await registerUser(call);
      const victim = await registerUser(call);

      const res = await call('POST', '/api/auth/logout', { token: mallory.token, body: { refreshToken: victim.refreshToken } });

      expect(res.status).toBe(204);
      expect((await refresh(victim.refreshToken)).status).toBe(200);
    });

    it('when logout has no access token, then it is 401 and the session survives', async () => {
      const user = await registerUser(call);
      const res = await call('POST', '/api/auth/logout', { body: { refreshToken: user.refreshToken } });
      expect(res.status).toBe(401);
      expect((await refresh(user.refreshToken)).status).toBe(200);
    });
  });

  describe('a deactivated account', () => {
    it('when an admin deactivates a user, then they can neither log in nor refresh nor read their profile', async () => {
      const user = await registerUser(call);

      const patch = await call('PATCH', `/api/users/${user.id}`, { token: adminToken, body: { active: false } });
      expect(patch.status).toBe(200);
      expect(patch.body.active).toBe(false);

      const loginRes = await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(loginRes.status).toBe(401);
      expectErrorShape(loginRes.body, 'INVALID_CREDENTIALS');
      expect((await refresh(user.refreshToken)).status).toBe(401);
      // The access token is still signed and unexpired, but the account behind it is gone.
      expect((await call('GET', '/api/auth/profile', { token: user.token })).status).toBe(401);
      expect((await call('PUT', '/api/auth/profile', { token: user.token, body: { fullName: 'Back' } })).status).toBe(401);
    });

    it('when a deactivated user tries to log in, then the answer is the same as for a wrong password', async () => {
      const user = await registerUser(call);
      await call('PATCH', `/api/users/${user.id}`, { token: adminToken, body: { active: false } });

      const deactivated = await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      const wrong = await call('POST', '/api/auth/login', { body: { email: user.email, password: 'Wrong-Pass-123' } });

      expect(deactivated.status).toBe(wrong.status);
      expect(deactivated.text).toBe(wrong.text);
    });

    it('when the admin reactivates the user, then they can log in again', async () => {
      const user = await registerUser(call);
      await call('PATCH', `/api/users/${user.id}`, { token: adminToken, body: { active: false } });

      const patch = await call('PATCH', `/api/users/${user.id}`, { token: adminToken, body: { active: true } });

      expect(patch.status).toBe(200);
      expect((await call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    });
  });
});
