import { createHmac, sign as cryptoSign } from 'node:crypto';
import { generateSigningKeyPair, silentLogger, type KeyPairPem } from '@canteen/service-kit';
import { loadUsersConfig } from '../../src/config.ts';
import { createUsersService, type SeedAccount, type UsersService } from '../../src/service.ts';
import { openUserStore } from '../../src/store/index.ts';
import type { UserStore } from '../../src/store/user.store.ts';
import { client, expectErrorBody, type ApiResponse, type Call, type CallOptions } from '@canteen/service-kit/testing';
export { client, expectErrorBody as expectErrorShape, type ApiResponse, type Call, type CallOptions };

export interface RunningUsers {
  url: string;
  service: UsersService;
  store: UserStore;
  keys: KeyPairPem;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Share a store between several starts (the caller closes it); a new in-memory one otherwise. */
  store?: UserStore;
  keys?: KeyPairPem;
  seedAccounts?: SeedAccount[];
  /** The service's clock (refresh-token expiry, session lifetime); the real one otherwise. */
  now?: () => Date;
}

/** The real users service on port 0 over an embedded PGlite, as `main.ts` would build it. */
export async function startUsers(options: StartOptions = {}): Promise<RunningUsers> {
  const keys = options.keys ?? generateSigningKeyPair();
  const config = loadUsersConfig({
    USERS_PORT: '0',
    JWT_PRIVATE_KEY: keys.privateKey,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const store = options.store ?? (await openUserStore({ kind: 'pglite' }));
  const service = await createUsersService(config, {
    store,
    logger: silentLogger(),
    seedAccounts: options.seedAccounts ?? [],
    ...(options.now ? { now: options.now } : {}),
  });
  const server = await service.start();
  return { url: server.url, service, store, keys, stop: () => service.stop() };
}

/** A store whose close() does nothing, so one database can outlive a service restart. */
export const keepOpen = (store: UserStore): UserStore => ({ ...store, close: async () => {} });

let counter = 0;
/** A fresh, valid email per call, so tests in one file never collide. */
export const uniqueEmail = (prefix = 'user') => `${prefix}.${process.pid}.${Date.now()}.${++counter}@example.com`;

export const STRONG_PASSWORD = 'Correct-Horse-7-Battery';

export async function registerUser(call: Call, overrides: Record<string, unknown> = {}) {
  const input = { email: uniqueEmail(), password: STRONG_PASSWORD, fullName: 'Test User', ...overrides };
  const res = await call('POST', '/api/auth/register', { body: input });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return { ...res.body, password: input.password as string } as {
    token: string;
    refreshToken: string;
    id: number;
    email: string;
    role: string;
    password: string;
  };
}

export async function login(call: Call, email: string, password: string) {
  const res = await call('POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body as { token: string; refreshToken: string; id: number; role: string };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Crafts a JWT by hand, so tests can make tokens the service must refuse: `alg: none`, HS256
 * with the public key as the HMAC secret, wrong claims, past expiry.
 */
export function craftToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signing: { kind: 'ed25519'; privateKey: string } | { kind: 'hs256'; secret: string } | { kind: 'none' },
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  if (signing.kind === 'none') return `${input}.`;
  const signature =
    signing.kind === 'ed25519'
      ? cryptoSign(null, Buffer.from(input), signing.privateKey)
      : createHmac('sha256', signing.secret).update(input).digest();
  return `${input}.${signature.toString('base64url')}`;
}

/** Claims the service itself would put in a token for this user, valid for an hour. */
export function claimsFor(user: { id: number; email: string; role?: string }, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    userId: user.id,
    email: user.email,
    role: user.role ?? 'CUSTOMER',
    sub: String(user.id),
    iss: 'canteen-users',
    aud: 'canteen',
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}
