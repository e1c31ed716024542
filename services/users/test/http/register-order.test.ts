import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STRONG_PASSWORD, client, expectErrorShape, startUsers, uniqueEmail, type Call, type RunningUsers } from './helpers.ts';

// The real hasher, counted: which sign-ups paid for an Argon2 run.
const hashes = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/app/password.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/app/password.ts')>();
  return {
    ...real,
    hashPassword: (password: string) => {
      hashes.count++;
      return real.hashPassword(password);
    },
  };
});

/** Issue 15 security 5: a sign-up for a taken email is answered before the costly hash. */
describe('users service: POST /api/auth/register checks the email before hashing', () => {
  let users: RunningUsers;
  let call: Call;
  beforeAll(async () => {
    users = await startUsers();
    call = client(users.url);
  });
  afterAll(() => users?.stop());

  it('when the email is new, then the password is hashed once; when it is taken, then it is 409 without a hash', async () => {
    const email = uniqueEmail('taken');
    const before = hashes.count;
    const first = await call('POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, fullName: 'First' } });
    expect(first.status).toBeLessThan(300);
    expect(hashes.count).toBe(before + 1);

    const again = await call('POST', '/api/auth/register', { body: { email, password: `${STRONG_PASSWORD}-2`, fullName: 'Second' } });

    expect(again.status).toBe(409);
    expectErrorShape(again.body, 'EMAIL_TAKEN');
    expect(hashes.count).toBe(before + 1);
  });
});
