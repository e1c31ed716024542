import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  expectErrorShape,
  login,
  registerUser,
  startUsers,
  STRONG_PASSWORD,
  type Call,
  type RunningUsers,
} from './helpers.ts';

const HOUR = 3_600_000;
const NEW_PASSWORD = 'Another-Quiet-Lantern-42';

describe('users service: sessions end, and a password change ends the others', () => {
  let users: RunningUsers;
  let call: Call;
  // The service's clock: refresh-token expiry and the session's absolute end follow it.
  let clock = Date.now();

  beforeAll(async () => {
    users = await startUsers({
      env: { REFRESH_TOKEN_TTL_SECONDS: '7200', SESSION_MAX_SECONDS: '18000' },
      now: () => new Date(clock),
    });
    call = client(users.url);
  });
  afterAll(() => users?.stop());

  const refresh = (refreshToken: string) => call('POST', '/api/auth/refresh', { body: { refreshToken } });
  const changePassword = (token: string, body: Record<string, unknown>) =>
    call('POST', '/api/auth/password', { token, body, headers: { 'x-forwarded-for': '10.40.0.1' } });

  it('when a session is refreshed within each refresh lifetime, then it still ends at its absolute lifetime after sign-in', async () => {
    const user = await registerUser(call);
    let refreshToken = user.refreshToken;
    // Four refreshes an hour apart keep it alive: each is well inside the 2-hour refresh lifetime.
    for (let hour = 1; hour <= 4; hour++) {
      clock += HOUR;
      const res = await refresh(refreshToken);
      expect(res.status).toBe(200);
      refreshToken = res.body.refreshToken;
    }
    // 5 h 1 min after sign-in: past the session's 5-hour end, though the last token is 1 h old.
    clock += HOUR + 60_000;
    const ended = await refresh(refreshToken);

    expect(ended.status).toBe(401);
    expectErrorShape(ended.body, 'INVALID_REFRESH_TOKEN');
    // Signing in again starts a new session.
    expect((await login(call, user.email, user.password)).refreshToken).toEqual(expect.any(String));
  });

  it('when the password is changed with the right current one, then the other sessions end and the new password signs in', async () => {
    const user = await registerUser(call);
    const otherDevice = await login(call, user.email, STRONG_PASSWORD);

    const res = await changePassword(user.token, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'Bearer', id: user.id, refreshToken: expect.any(String) });
    expect((await refresh(otherDevice.refreshToken)).status).toBe(401);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
    expect((await call('POST', '/api/auth/login', { body: { email: user.email, password: STRONG_PASSWORD } })).status).toBe(401);
    expect((await login(call, user.email, NEW_PASSWORD)).id).toBe(user.id);
  });

  it('when the current password is wrong, then it is a 400 naming the field and nothing changes', async () => {
    const user = await registerUser(call);

    const res = await changePassword(user.token, { currentPassword: 'Not-My-Password-1', newPassword: NEW_PASSWORD });

    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details)).toContain('currentPassword');
    expect((await refresh(user.refreshToken)).status).toBe(200);
    expect((await login(call, user.email, STRONG_PASSWORD)).id).toBe(user.id);
  });

  it('when the new password is too short, too common or the same, then it is a 400 and the old one still works', async () => {
    const user = await registerUser(call);
    for (const newPassword of ['short', 'password123', STRONG_PASSWORD]) {
      const res = await changePassword(user.token, { currentPassword: STRONG_PASSWORD, newPassword });
      expect({ newPassword, status: res.status }).toEqual({ newPassword, status: 400 });
      expect(JSON.stringify(res.body.error.details)).toContain('newPassword');
    }
    expect((await login(call, user.email, STRONG_PASSWORD)).id).toBe(user.id);
  });

  it('when no one is signed in, then changing a password is 401', async () => {
    const res = await call('POST', '/api/auth/password', { body: { currentPassword: 'x', newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(401);
  });
});
