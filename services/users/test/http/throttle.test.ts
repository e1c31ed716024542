import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  expectErrorShape,
  registerUser,
  startUsers,
  uniqueEmail,
  type Call,
  type RunningUsers,
} from './helpers.ts';

// The service trusts X-Forwarded-For from loopback (TRUST_PROXY=loopback, as behind the BFF), so
// each test speaks as its own client address and the per-client counters do not mix.
describe('users service: login throttling', () => {
  let users: RunningUsers;
  let call: Call;

  beforeAll(async () => {
    users = await startUsers({
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: '6', LOGIN_MAX_ATTEMPTS_PER_CLIENT: '12' },
    });
    call = client(users.url);
  });
  afterAll(() => users?.stop());

  const loginFrom = (ip: string, email: string, password: string) =>
    call('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

  it('when an account has 3 failed logins from one address, then the 4th attempt from there is 429 with Retry-After even with the right password', async () => {
    const user = await registerUser(call);
    for (let i = 0; i < 3; i++) expect((await loginFrom('10.1.0.1', user.email, 'Wrong-Pass-123')).status).toBe(401);

    const res = await loginFrom('10.1.0.1', user.email, user.password);

    expect(res.status).toBe(429);
    expectErrorShape(res.body, 'TOO_MANY_REQUESTS');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when a stranger fails 3 times from their address, then the owner still signs in from theirs', async () => {
    const user = await registerUser(call);
    for (let i = 0; i < 3; i++) expect((await loginFrom('10.1.1.1', user.email, 'Wrong-Pass-123')).status).toBe(401);
    expect((await loginFrom('10.1.1.1', user.email, user.password)).status).toBe(429);

    expect((await loginFrom('10.1.1.2', user.email, user.password)).status).toBe(200);
  });

  it('when wrong guesses come all at once, then no more than the limit are checked (the count is atomic)', async () => {
    const user = await registerUser(call);

    const statuses = await Promise.all(
      Array.from({ length: 8 }, () => loginFrom('10.1.2.1', user.email, 'Wrong-Pass-123').then((res) => res.status)),
    );

    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('when a guess is spread over many addresses past the account-wide limit, then new addresses are refused and the owner\'s known one still works', async () => {
    const user = await registerUser(call);
    // The owner signed in from home before the attack.
    expect((await loginFrom('10.1.3.100', user.email, user.password)).status).toBe(200);
    for (let i = 1; i <= 6; i++) expect((await loginFrom(`10.1.3.${i}`, user.email, 'Wrong-Pass-123')).status).toBe(401);

    expect((await loginFrom('10.1.3.50', user.email, user.password)).status).toBe(429);
    expect((await loginFrom('10.1.3.100', user.email, user.password)).status).toBe(200);
  });

  it('when the failures use other cases of the email, then they count for the same account', async () => {
    const user = await registerUser(call);
    for (const email of [user.email, user.email.toUpperCase(), ` ${user.email} `]) {
      expect((await loginFrom('10.2.0.1', email, 'Wrong-Pass-123')).status).toBe(401);
    }

    expect((await loginFrom('10.2.0.1', user.email, user.password)).status).toBe(429);
  });

  it('when one account is locked, then another account still logs in', async () => {
    const locked = await registerUser(call);
    const other = await registerUser(call);
    for (let i = 0; i < 3; i++) await loginFrom('10.3.0.1', locked.email, 'Wrong-Pass-123');

    expect((await loginFrom('10.3.0.1', other.email, other.password)).status).toBe(200);
  });

  it('when a login succeeds, then the failures before it are forgotten', async () => {
    const user = await registerUser(call);
    for (let i = 0; i < 2; i++) await loginFrom('10.4.0.1', user.email, 'Wrong-Pass-123');
    expect((await loginFrom('10.4.0.1', user.email, user.password)).status).toBe(200);

    for (let i = 0; i < 2; i++) await loginFrom('10.4.0.1', user.email, 'Wrong-Pass-123');
    expect((await loginFrom('10.4.0.1', user.email, user.password)).status).toBe(200);
  });

  it('when one client makes more attempts than allowed, then the next is 429 even for a right password', async () => {
    const user = await registerUser(call);
    for (let i = 0; i < 12; i++) {
      expect((await loginFrom('10.5.0.1', uniqueEmail('guess'), 'Wrong-Pass-123')).status).toBe(401);
    }

    const res = await loginFrom('10.5.0.1', user.email, user.password);

    expect(res.status).toBe(429);
    expectErrorShape(res.body, 'TOO_MANY_REQUESTS');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected, and the account itself was not locked by this.
    expect((await loginFrom('10.5.0.2', user.email, user.password)).status).toBe(200);
  });
});
