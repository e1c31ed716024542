import type { NextFunction, Request, Response } from 'express';
import { SignJWT, UnsecuredJWT, importPKCS8 } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  createTokenSigner,
  createTokenVerifier,
  type AccessClaims,
  type TokenSigner,
  type TokenVerifier,
} from '../../src/auth/jwt.ts';
import { generateSigningKeyPair } from '../../src/auth/keys.ts';
import { authenticate, requireRole } from '../../src/auth/middleware.ts';
import type { Role } from '../../src/auth/principal.ts';
import { AppError } from '../../src/http/errors.ts';

const keys = generateSigningKeyPair();
const claims: AccessClaims = { userId: '42', email: 'asha@example.com', role: 'CUSTOMER' };

/** A token with the right key and any claims, to reach the verifier's own checks. */
async function signWith(
  payload: Record<string, unknown>,
  build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setSubject('42').setIssuer('canteen-users').setAudience('canteen').setIssuedAt().setExpirationTime('5m'),
  privateKey = keys.privateKey,
) {
  return build(new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA' })).sign(await importPKCS8(privateKey, 'EdDSA'));
}

async function rejection(verifier: TokenVerifier, token: string): Promise<InvalidTokenError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return error as InvalidTokenError;
}

describe('access tokens', () => {
  let signer: TokenSigner;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 300 });
    verifier = await createTokenVerifier(keys.publicKey);
  });

  it('when a token is signed and verified with the pair, then the claims come back', async () => {
    const { token, expiresIn } = await signer.sign(claims);

    expect(expiresIn).toBe(300);
    expect(await verifier.verify(token)).toEqual(claims);
  });

  it('when a token is signed, then its payload has the original userId claim plus standard claims', async () => {
    const { token } = await signer.sign(claims);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    expect(payload).toMatchObject({ userId: 42, sub: '42', email: claims.email, role: 'CUSTOMER', iss: 'canteen-users', aud: 'canteen' });
    expect(payload.exp - payload.iat).toBe(300);
    expect(typeof payload.jti).toBe('string');
  });

  it('when two tokens are signed for the same claims, then they differ (unique jti)', async () => {
    expect((await signer.sign(claims)).token).not.toBe((await signer.sign(claims)).token);
  });

  it('when the token is expired, then it is refused as expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    const token = await signWith({ email: claims.email, role: 'CUSTOMER' }, (jwt) =>
      jwt.setSubject('42').setIssuer('canteen-users').setAudience('canteen').setIssuedAt(past - 300).setExpirationTime(past),
    );

    const error = await rejection(verifier, token);
    expect(error.reason).toBe('expired');
    expect(error.message).toBe('The token has expired');
  });

  it('when the token is `alg: none`, then it is refused', async () => {
    const token = new UnsecuredJWT({ email: claims.email, role: 'ADMIN' })
      .setSubject('42')
      .setIssuer('canteen-users')
      .setAudience('canteen')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();

    expect((await rejection(verifier, token)).reason).toBe('invalid');
  });

  it('when the token is HS256 keyed with the public key PEM (key confusion), then it is refused', async () => {
    const token = await new SignJWT({ email: claims.email, role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('42')
      .setIssuer('canteen-users')
      .setAudience('canteen')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(keys.publicKey));

    expect((await rejection(verifier, token)).reason).toBe('invalid');
  });

  it('when the token is signed by another key, then it is refused', async () => {
    const other = await createTokenSigner(generateSigningKeyPair().privateKey, { ttlSeconds: 300 });
    const { token } = await other.sign(claims);
    expect((await rejection(verifier, token)).reason).toBe('invalid');
  });

  it('when the issuer or the audience differ, then it is refused', async () => {
    const wrongIssuer = await createTokenSigner(keys.privateKey, { ttlSeconds: 300, issuer: 'someone-else' });
    const wrongAudience = await createTokenSigner(keys.privateKey, { ttlSeconds: 300, audience: 'another-app' });

    await rejection(verifier, (await wrongIssuer.sign(claims)).token);
    await rejection(verifier, (await wrongAudience.sign(claims)).token);
  });

  it('when signer and verifier agree on a custom issuer and audience, then it verifies', async () => {
    const settings = { issuer: 'campus-a', audience: 'kitchen' };
    const customSigner = await createTokenSigner(keys.privateKey, { ...settings, ttlSeconds: 60 });
    const customVerifier = await createTokenVerifier(keys.publicKey, settings);

    const { token } = await customSigner.sign(claims);

    expect(await customVerifier.verify(token)).toEqual(claims);
    await rejection(verifier, token);
  });

  it('when the payload is tampered with, then the signature no longer matches', async () => {
    const { token } = await signer.sign(claims);
    const [header, payload, signature] = token.split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...decoded, role: 'ADMIN' })).toString('base64url');

    await rejection(verifier, `${header}.${tampered}.${signature}`);
  });

  it.each([
    ['sub', (jwt: SignJWT) => jwt.setIssuer('canteen-users').setAudience('canteen').setIssuedAt().setExpirationTime('5m')],
    ['exp', (jwt: SignJWT) => jwt.setSubject('42').setIssuer('canteen-users').setAudience('canteen').setIssuedAt()],
    ['iat', (jwt: SignJWT) => jwt.setSubject('42').setIssuer('canteen-users').setAudience('canteen').setExpirationTime('5m')],
  ])('when the %s claim is missing, then it is refused', async (_claim, build) => {
    await rejection(verifier, await signWith({ email: claims.email, role: 'CUSTOMER' }, build));
  });

  it.each([
    ['no email', { role: 'CUSTOMER' }],
    ['an unknown role', { email: claims.email, role: 'ROOT' }],
    ['a role in lower case', { email: claims.email, role: 'admin' }],
    ['no role', { email: claims.email }],
  ])('when the token has %s, then it is refused', async (_case, payload) => {
    await rejection(verifier, await signWith(payload));
  });

  it.each(['', 'garbage', 'a.b.c', 'a.b'])('when the token is %j, then it is refused as invalid', async (token) => {
    expect((await rejection(verifier, token)).reason).toBe('invalid');
  });

  it('when the public key is used to sign, then the signer cannot even be made', async () => {
    await expect(createTokenSigner(keys.publicKey, { ttlSeconds: 60 })).rejects.toThrow();
  });
});

describe('the memory of verified tokens', () => {
  it('when a verified token expires while remembered, then the next check refuses it as expired', async () => {
    let clock = Date.now();
    const verifier = await createTokenVerifier(keys.publicKey, { now: () => clock });
    const { token } = await (await createTokenSigner(keys.privateKey, { ttlSeconds: 60 })).sign(claims);

    expect(await verifier.verify(token)).toEqual(claims);
    expect(await verifier.verify(token)).toEqual(claims);
    clock += 61_000;

    expect((await rejection(verifier, token)).reason).toBe('expired');
    expect((await rejection(verifier, token)).reason).toBe('expired');
  });

  it('when a token failed once, then it fails again (failures are not remembered as anything else)', async () => {
    const verifier = await createTokenVerifier(keys.publicKey);
    const { token } = await (await createTokenSigner(keys.privateKey, { ttlSeconds: 60 })).sign(claims);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;

    expect((await rejection(verifier, forged)).reason).toBe('invalid');
    expect((await rejection(verifier, forged)).reason).toBe('invalid');
    expect(await verifier.verify(token)).toEqual(claims);
  });

  it('when more tokens verify than the memory holds, then the oldest are checked afresh and still pass', async () => {
    const verifier = await createTokenVerifier(keys.publicKey, { cacheSize: 2 });
    const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 60 });
    const tokens = await Promise.all([1, 2, 3].map((n) => signer.sign({ ...claims, userId: String(n) })));

    for (const { token } of tokens) await verifier.verify(token);

    expect(await verifier.verify(tokens[0]!.token)).toEqual({ ...claims, userId: '1' });
    expect(await verifier.verify(tokens[2]!.token)).toEqual({ ...claims, userId: '3' });
  });
});

/** Runs one middleware with a minimal request; resolves with what it passed to next(). */
function run(middleware: (req: Request, res: Response, next: NextFunction) => unknown, req: Partial<Request>) {
  return new Promise<{ error: unknown; req: Request }>((resolve) => {
    const request = { headers: {}, ...req } as Request;
    void middleware(request, {} as Response, (error?: unknown) => resolve({ error, req: request }));
  });
}

const principal = (role: Role) => ({ userId: '1', email: 'x@example.com', role, token: 't' });

describe('requireRole', () => {
  it.each<[Role[], Role]>([
    [['ADMIN'], 'ADMIN'],
    [['STAFF', 'ADMIN'], 'STAFF'],
    [['STAFF', 'ADMIN'], 'ADMIN'],
    [['CUSTOMER'], 'CUSTOMER'],
  ])('when %j is required and the caller is %s, then the request goes on', async (roles, role) => {
    const { error } = await run(requireRole(...roles), { principal: principal(role) });
    expect(error).toBeUndefined();
  });

  it.each<[Role[], Role]>([
    [['ADMIN'], 'STAFF'],
    [['ADMIN'], 'CUSTOMER'],
    [['STAFF', 'ADMIN'], 'CUSTOMER'],
  ])('when %j is required and the caller is %s, then it is 403', async (roles, role) => {
    const { error } = await run(requireRole(...roles), { principal: principal(role) });
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(403);
    expect((error as AppError).code).toBe('FORBIDDEN');
  });

  it('when there is no principal (authenticate not mounted or failed), then it is 401', async () => {
    const { error } = await run(requireRole('CUSTOMER'), {});
    expect((error as AppError).status).toBe(401);
  });
});

describe('authenticate', () => {
  let verifier: TokenVerifier;
  let signer: TokenSigner;
  beforeAll(async () => {
    verifier = await createTokenVerifier(keys.publicKey);
    signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 60 });
  });

  it('when the bearer token is valid, then the principal comes from the token', async () => {
    const { token } = await signer.sign({ ...claims, role: 'STAFF' });

    const { error, req } = await run(authenticate(verifier), { headers: { authorization: `Bearer ${token}` } });

    expect(error).toBeUndefined();
    expect(req.principal).toEqual({ userId: '42', email: claims.email, role: 'STAFF', token });
  });

  it('when the scheme is in lower case, then it is accepted too', async () => {
    const { token } = await signer.sign(claims);
    const { error } = await run(authenticate(verifier), { headers: { authorization: `bearer ${token}` } });
    expect(error).toBeUndefined();
  });

  it.each([
    ['no header', undefined],
    ['a Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['a bare token', 'eyJhbGciOi.x.y'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['an invalid token', 'Bearer not.a.token'],
  ])('when there is %s, then it is 401 and no principal is set', async (_case, authorization) => {
    const { error, req } = await run(authenticate(verifier), { headers: authorization ? { authorization } : {} });
    expect((error as AppError).status).toBe(401);
    expect(req.principal).toBeUndefined();
  });
});
