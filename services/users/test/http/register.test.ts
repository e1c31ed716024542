import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  STRONG_PASSWORD,
  client,
  expectErrorShape,
  startUsers,
  uniqueEmail,
  type Call,
  type RunningUsers,
} from './helpers.ts';

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

describe('users service: POST /api/auth/register', () => {
  let users: RunningUsers;
  let call: Call;

  beforeAll(async () => {
    users = await startUsers();
    call = client(users.url);
  });
  afterAll(() => users?.stop());

  /** Sends a bad register request and checks it created nothing. */
  async function expectRefused(request: Parameters<Call>[2], status: number, code?: string) {
    const before = await users.store.countUsers();
    const res = await call('POST', '/api/auth/register', request);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expectErrorShape(res.body, code);
    expect(await users.store.countUsers()).toBe(before);
    return res;
  }

  it('when a new account registers, then it gets 201 Created with a token pair and the CUSTOMER role', async () => {
    const email = uniqueEmail('new');

    const res = await call('POST', '/api/auth/register', {
      body: { email, password: STRONG_PASSWORD, fullName: 'Asha Rao', phone: '+91 98765 43210' },
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      token: expect.any(String),
      type: 'Bearer',
      id: expect.any(Number),
      email,
      fullName: 'Asha Rao',
      role: 'CUSTOMER',
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.token.split('.')).toHaveLength(3);
    expect(res.text).not.toMatch(/password|hash/i);
  });

  it('when the body asks for the ADMIN role, then the role is ignored and the account is a CUSTOMER', async () => {
    const email = uniqueEmail('sneaky');

    const res = await call('POST', '/api/auth/register', {
      body: { email, password: STRONG_PASSWORD, fullName: 'Sneaky', role: 'ADMIN' },
    });

    expect(res.status).toBe(201);
    expect(res.body.role).toBe('CUSTOMER');
    const profile = await call('GET', '/api/auth/profile', { token: res.body.token });
    expect(profile.body.role).toBe('CUSTOMER');
    expect((await users.store.findUserByEmail(email))?.role).toBe('CUSTOMER');
  });

  it('when the email has capitals and spaces, then it is stored trimmed and lower-cased', async () => {
    const email = uniqueEmail('Mixed.Case');

    const res = await call('POST', '/api/auth/register', {
      body: { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, fullName: 'Mixed' },
    });

    expect(res.status).toBe(201);
    expect(res.body.email).toBe(email.toLowerCase());
  });

  it('when the password is exactly 128 characters, then it is accepted and works for login', async () => {
    const email = uniqueEmail('long');
    const password = 'Lo0ng-'.repeat(22).slice(0, 128);

    expect((await call('POST', '/api/auth/register', { body: { email, password, fullName: 'L' } })).status).toBe(201);
    expect((await call('POST', '/api/auth/login', { body: { email, password } })).status).toBe(200);
  });

  it('when the body is not valid JSON, then it is 400 MALFORMED_JSON', async () => {
    await expectRefused({ rawBody: '{"email": "a@b.com", "password": ' }, 400, 'MALFORMED_JSON');
  });

  it('when the body is over 1 MB, then it is 413', async () => {
    const fullName = 'x'.repeat(1024 * 1024 + 10);
    await expectRefused({ body: { email: uniqueEmail(), password: STRONG_PASSWORD, fullName } }, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('when there is no body at all, then it is 400 naming the missing fields', async () => {
    const res = await expectRefused({}, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '(body)' })]),
    );
  });

  it.each([
    ['email', { password: STRONG_PASSWORD, fullName: 'N' }],
    ['password', { email: 'missing.pw@example.com', fullName: 'N' }],
    ['fullName', { email: 'missing.name@example.com', password: STRONG_PASSWORD }],
  ])('when %s is missing, then it is 400 naming that field', async (field, body) => {
    const res = await expectRefused({ body }, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it.each([
    ['email is a number', { email: 42, password: STRONG_PASSWORD, fullName: 'N' }, 'email'],
    ['password is a number', { email: 'types1@example.com', password: 12345678901, fullName: 'N' }, 'password'],
    ['fullName is an object', { email: 'types2@example.com', password: STRONG_PASSWORD, fullName: { a: 1 } }, 'fullName'],
    ['fullName is blank', { email: 'types3@example.com', password: STRONG_PASSWORD, fullName: '   ' }, 'fullName'],
    ['phone is not a phone number', { email: 'types4@example.com', password: STRONG_PASSWORD, fullName: 'N', phone: 'call me' }, 'phone'],
  ])('when %s, then it is 400 naming the field', async (_case, body, field) => {
    const res = await expectRefused({ body }, 400, 'VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('when the body is a JSON array, then it is 400', async () => {
    await expectRefused({ rawBody: '[1,2,3]' }, 400);
  });

  it.each(['not-an-email', 'a@', '@example.com', 'two@@example.com', `${'a'.repeat(250)}@example.com`])(
    'when the email is %s, then it is 400',
    async (email) => {
      await expectRefused({ body: { email, password: STRONG_PASSWORD, fullName: 'N' } }, 400, 'VALIDATION_FAILED');
    },
  );

  it.each([
    ['too short', 'Ab1-xyz'],
    ['too long (129 characters)', 'Lo0ng-'.repeat(22).slice(0, 129)],
    ['on the common list', 'password123'],
    ['on the common list in other case', 'PassWord123'],
    ['one character repeated', 'zzzzzzzzzzzz'],
    ['two characters repeated', 'abababababab'],
  ])('when the password is %s, then it is 400', async (_case, password) => {
    const res = await expectRefused(
      { body: { email: uniqueEmail('weak'), password, fullName: 'N' } },
      400,
      'VALIDATION_FAILED',
    );
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'password' })]));
  });

  it('when the password is just the email name, then it is 400', async () => {
    await expectRefused(
      { body: { email: 'jonathan@example.com', password: 'jonathan1', fullName: 'Jon' } },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('when the password has 6 characters (the original web client allows it), then the top-level message says why', async () => {
    const res = await expectRefused({ body: { email: uniqueEmail('short'), password: 'abc123', fullName: 'Asha' } }, 400, 'VALIDATION_FAILED');

    expect(res.body.message).toBe('password: must be at least 8 characters');
    expect(res.body.error.message).toBe(res.body.message);
  });

  it('when the password is a common one, then the top-level message says so', async () => {
    const res = await expectRefused({ body: { email: uniqueEmail('common'), password: 'password123', fullName: 'Asha' } }, 400);

    expect(res.body.message).toBe('password: is too common or too easy to guess');
  });

  it.each([
    ['fullName', { fullName: 'Asha\u0000Rao' }],
    ['password', { password: 'Strong-Pass\u0000-42' }],
    ['phone', { phone: '+91 98765\u0000' }],
    ['email', { email: 'nul\u0000@example.com' }],
  ])('when %s holds a NUL byte, then it is 400 naming it and no account is made', async (field, patch) => {
    const body = { email: uniqueEmail('nul'), password: STRONG_PASSWORD, fullName: 'Asha', ...patch };

    const res = await expectRefused({ body }, 400, 'VALIDATION_FAILED');

    // expectRefused checked that the number of accounts did not change.
    expect(res.body.message).toBe(`${field}: must not contain control characters`);
  });

  it('when the email is already registered, then it is 409 EMAIL_TAKEN', async () => {
    const email = uniqueEmail('dup');
    expect((await call('POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, fullName: 'A' } })).status).toBe(201);

    await expectRefused({ body: { email, password: 'Another-Pass-99', fullName: 'B' } }, 409, 'EMAIL_TAKEN');
  });

  it('when the email is taken, then it is 409 before the password is hashed (a flood of taken emails costs no Argon2 run)', async () => {
    const email = uniqueEmail('taken-first');
    const before = hashes.count;
    expect((await call('POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, fullName: 'First' } })).status).toBe(201);
    expect(hashes.count).toBe(before + 1);

    const again = await call('POST', '/api/auth/register', { body: { email, password: `${STRONG_PASSWORD}-2`, fullName: 'Second' } });

    expect(again.status).toBe(409);
    expectErrorShape(again.body, 'EMAIL_TAKEN');
    expect(hashes.count).toBe(before + 1);
  });

  it('when the same email comes back in other case, then it is 409 too', async () => {
    const email = uniqueEmail('dupcase');
    expect((await call('POST', '/api/auth/register', { body: { email, password: STRONG_PASSWORD, fullName: 'A' } })).status).toBe(201);

    await expectRefused({ body: { email: email.toUpperCase(), password: STRONG_PASSWORD, fullName: 'B' } }, 409, 'EMAIL_TAKEN');
  });

  it('when the same email registers twice at once, then exactly one succeeds and the other is 409', async () => {
    const email = uniqueEmail('race');
    const body = { email, password: STRONG_PASSWORD, fullName: 'Race' };

    const results = await Promise.all([
      call('POST', '/api/auth/register', { body }),
      call('POST', '/api/auth/register', { body }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
