import { generateSigningKeyPair } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimsFor,
  client,
  craftToken,
  expectErrorShape,
  registerUser,
  startUsers,
  uniqueEmail,
  type Call,
  type RunningUsers,
} from './helpers.ts';

describe('users service: login, profile and access tokens', () => {
  let users: RunningUsers;
  let call: Call;
  let alice: Awaited<ReturnType<typeof registerUser>>;

  beforeAll(async () => {
    users = await startUsers();
    call = client(users.url);
    alice = await registerUser(call, { email: uniqueEmail('alice'), fullName: 'Alice', phone: '+1 555 0100' });
  });
  afterAll(() => users?.stop());

  describe('POST /api/auth/login', () => {
    it('when the password is right, then it is 200 with a token pair for that account', async () => {
      const res = await call('POST', '/api/auth/login', { body: { email: alice.email, password: alice.password } });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.any(String),
        type: 'Bearer',
        id: alice.id,
        email: alice.email,
        fullName: 'Alice',
        role: 'CUSTOMER',
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
      });
      expect(res.body.refreshToken).not.toBe(alice.refreshToken);
    });

    it('when the email is given in other case, then login still works', async () => {
      const res = await call('POST', '/api/auth/login', { body: { email: alice.email.toUpperCase(), password: alice.password } });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(alice.id);
    });

    it('when the path has a trailing slash, then it behaves like the one without', async () => {
      const res = await call('POST', '/api/auth/login/', { body: { email: alice.email, password: alice.password } });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(alice.id);

      const profile = await call('GET', '/api/auth/profile/', { token: res.body.token });
      expect(profile.status).toBe(200);
    });

    it('when the password is wrong or the email unknown, then both are 401 with the same body', async () => {
      const wrongPassword = await call('POST', '/api/auth/login', { body: { email: alice.email, password: 'Not-Her-Pass-1' } });
      const unknownEmail = await call('POST', '/api/auth/login', {
        body: { email: uniqueEmail('nobody'), password: 'Not-Her-Pass-1' },
      });

      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expectErrorShape(wrongPassword.body, 'INVALID_CREDENTIALS');
      expect(unknownEmail.text).toBe(wrongPassword.text);
    });

    it.each([
      ['no body', {}],
      ['a missing password', { body: { email: 'x@example.com' } }],
      ['an empty password', { body: { email: 'x@example.com', password: '' } }],
      ['a bad email', { body: { email: 'nope', password: 'whatever-1' } }],
      ['a password over 128 characters', { body: { email: 'x@example.com', password: 'p'.repeat(129) } }],
      ['a numeric password', { body: { email: 'x@example.com', password: 12345678 } }],
      ['malformed JSON', { rawBody: '{"email":' }],
    ])('when the request has %s, then it is 400 with the error shape', async (_case, request) => {
      const res = await call('POST', '/api/auth/login', request);
      expect(res.status).toBe(400);
      expectErrorShape(res.body);
    });
  });

  describe('GET and PUT /api/auth/profile', () => {
    it('when the token is valid, then GET returns the profile without any secret', async () => {
      const res = await call('GET', '/api/auth/profile', { token: alice.token });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: alice.id, email: alice.email, fullName: 'Alice', role: 'CUSTOMER', phone: '+1 555 0100' });
    });

    it('when a profile has no phone, then phone is null', async () => {
      const bob = await registerUser(call, { fullName: 'Bob' });
      const res = await call('GET', '/api/auth/profile', { token: bob.token });
      expect(res.body.phone).toBeNull();
    });

    it('when PUT sends fullName and phone with email and role, then only fullName and phone change', async () => {
      const carol = await registerUser(call, { fullName: 'Carol' });

      const res = await call('PUT', '/api/auth/profile', {
        token: carol.token,
        body: { fullName: 'Carol Singh', phone: '+44 20 7946 0000', email: 'hijack@example.com', role: 'ADMIN' },
      });

      const expected = { id: carol.id, email: carol.email, fullName: 'Carol Singh', role: 'CUSTOMER', phone: '+44 20 7946 0000' };
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expected);
      expect((await call('GET', '/api/auth/profile', { token: carol.token })).body).toEqual(expected);
      expect(await users.store.findUserByEmail('hijack@example.com')).toBeUndefined();
    });

    it('when PUT sends an empty object, then the profile is unchanged', async () => {
      const before = await call('GET', '/api/auth/profile', { token: alice.token });
      const res = await call('PUT', '/api/auth/profile', { token: alice.token, body: {} });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(before.body);
    });

    it('when PUT sends phone null, then the phone is cleared', async () => {
      const dan = await registerUser(call, { fullName: 'Dan', phone: '12345' });
      const res = await call('PUT', '/api/auth/profile', { token: dan.token, body: { phone: null } });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBeNull();
    });

    it.each([
      ['a blank fullName', { fullName: '  ' }],
      ['a numeric fullName', { fullName: 7 }],
      ['a bad phone', { phone: 'not a phone' }],
    ])('when PUT sends %s, then it is 400 and nothing changes', async (_case, body) => {
      const before = await call('GET', '/api/auth/profile', { token: alice.token });
      const res = await call('PUT', '/api/auth/profile', { token: alice.token, body });
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect((await call('GET', '/api/auth/profile', { token: alice.token })).body).toEqual(before.body);
    });

    it('when PUT has no token, then it is 401 and nothing changes', async () => {
      const res = await call('PUT', '/api/auth/profile', { body: { fullName: 'Mallory' } });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
    });
  });

  describe('access tokens the service must refuse', () => {
    const refusedTokens: [string, () => string][] = [
      ['a token signed by another key', () => craftToken({ alg: 'EdDSA', typ: 'JWT' }, claimsFor(alice), { kind: 'ed25519', privateKey: generateSigningKeyPair().privateKey })],
      [
        'an expired token signed with the right key',
        () => {
          const past = Math.floor(Date.now() / 1000) - 3600;
          return craftToken({ alg: 'EdDSA', typ: 'JWT' }, claimsFor(alice, { iat: past - 900, exp: past }), {
            kind: 'ed25519',
            privateKey: users.keys.privateKey,
          });
        },
      ],
      ['an alg none token', () => craftToken({ alg: 'none', typ: 'JWT' }, claimsFor(alice), { kind: 'none' })],
      ['an HS256 token keyed with the public key PEM', () => craftToken({ alg: 'HS256', typ: 'JWT' }, claimsFor(alice), { kind: 'hs256', secret: users.keys.publicKey })],
      ['a token for another audience', () => craftToken({ alg: 'EdDSA' }, claimsFor(alice, { aud: 'someone-else' }), { kind: 'ed25519', privateKey: users.keys.privateKey })],
      ['a token from another issuer', () => craftToken({ alg: 'EdDSA' }, claimsFor(alice, { iss: 'evil-issuer' }), { kind: 'ed25519', privateKey: users.keys.privateKey })],
      ['a token without sub', () => craftToken({ alg: 'EdDSA' }, claimsFor(alice, { sub: undefined }), { kind: 'ed25519', privateKey: users.keys.privateKey })],
      ['a token with an unknown role', () => craftToken({ alg: 'EdDSA' }, claimsFor(alice, { role: 'ROOT' }), { kind: 'ed25519', privateKey: users.keys.privateKey })],
      [
        'a valid token with its payload swapped for an ADMIN one',
        () => {
          const [header, , signature] = alice.token.split('.');
          const payload = JSON.parse(Buffer.from(alice.token.split('.')[1]!, 'base64url').toString());
          const forged = Buffer.from(JSON.stringify({ ...payload, role: 'ADMIN' })).toString('base64url');
          return `${header}.${forged}.${signature}`;
        },
      ],
      ['garbage', () => 'not.a.jwt'],
    ];

    it.each(refusedTokens)('when the bearer is %s, then profile is 401', async (_case, makeToken) => {
      const res = await call('GET', '/api/auth/profile', { token: makeToken() });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
      expect(res.text).not.toContain(alice.email);
    });

    it('when the token is hand-made with the right key and claims, then it is accepted (the refusals above are not accidental)', async () => {
      const token = craftToken({ alg: 'EdDSA', typ: 'JWT' }, claimsFor(alice), { kind: 'ed25519', privateKey: users.keys.privateKey });
      expect((await call('GET', '/api/auth/profile', { token })).status).toBe(200);
    });

    it.each([
      ['no Authorization header', {}],
      ['a Basic scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['an empty bearer', { authorization: 'Bearer ' }],
    ])('when there is %s, then profile is 401', async (_case, headers) => {
      const res = await call('GET', '/api/auth/profile', { headers });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 'UNAUTHORIZED');
    });

    it('when the token is expired, then the message says so', async () => {
      const past = Math.floor(Date.now() / 1000) - 60;
      const token = craftToken({ alg: 'EdDSA' }, claimsFor(alice, { iat: past - 900, exp: past }), {
        kind: 'ed25519',
        privateKey: users.keys.privateKey,
      });
      const res = await call('GET', '/api/auth/profile', { token });
      expect(res.body.error.message).toMatch(/expired/i);
    });
  });
});
