import path from 'node:path';
import {
  createPushEndpointPolicy,
  createHttpApp,
  createLogger,
  createTokenSigner,
  createOutboxRelay,
  createRevocationList,
  createTokenVerifier,
  listen,
  openServiceBus,
  type EventBus,
  type OutboxRelay,
  pingCheck,
  type Logger,
  type RunningServer,
} from '@canteen/service-kit';
import type { UsersDeps } from './app/deps.ts';
import { createLoginThrottle } from './app/login-throttle.ts';
import { ensureAccounts, retireAccounts, type SeedAccount } from './app/seed-accounts.ts';
import type { UsersConfig } from './config.ts';
import { authRoutes } from './http/auth.routes.ts';
import { internalRoutes } from './http/internal.routes.ts';
import { pushRoutes } from './http/push.routes.ts';
import { usersRoutes } from './http/users.routes.ts';
import { openUserStore } from './store/index.ts';
import type { UserStore } from './store/user.store.ts';

export type { SeedAccount };
export { loadUsersConfig, usersConfigSchema, type UsersConfig } from './config.ts';

export interface UsersServiceOptions {
  logger?: Logger;
  /** An already open store (tests); otherwise chosen from the config. */
  store?: UserStore;
  /** Accounts to create when missing, besides the configured first admin (all-in-one demo). */
  seedAccounts?: SeedAccount[];
  /**
   * The demo accounts (public passwords) of all-in-one mode: created, or switched back on, when
   * `enabled`; deactivated with their sessions ended when not, so turning demo data off later
   * leaves no account anybody can sign in as.
   */
  demoAccounts?: { accounts: SeedAccount[]; enabled: boolean };
  /** The in-process bus of all-in-one mode; otherwise AMQP_URL, or none (events wait in the outbox). */
  bus?: EventBus;
  now?: () => Date;
}

export interface UsersService {
  app: ReturnType<typeof createHttpApp>;
  store: UserStore;
  logger: Logger;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

export async function createUsersService(config: UsersConfig, options: UsersServiceOptions = {}): Promise<UsersService> {
  const logger = options.logger ?? createLogger('users', { level: config.LOG_LEVEL });
  const tokenSettings = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const signer = await createTokenSigner(config.JWT_PRIVATE_KEY, {
    ...tokenSettings,
    ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const revocations = createRevocationList();
  const verifier = await createTokenVerifier(config.JWT_PUBLIC_KEY, { ...tokenSettings, revocations });
  const store =
    options.store ??
    (await openUserStore(
      config.USERS_DATABASE_URL
        ? { kind: 'postgres', url: config.USERS_DATABASE_URL }
        : { kind: 'pglite', dataDir: path.join(config.DATA_DIR, 'users-db') },
    ));

  const deps: UsersDeps = {
    store,
    signer,
    logger,
    now: options.now ?? (() => new Date()),
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    sessionMaxSeconds: config.SESSION_MAX_SECONDS,
    pushEndpoints: createPushEndpointPolicy({ hosts: config.PUSH_ENDPOINT_HOSTS, allowPrivateNetwork: config.PUSH_ALLOW_PRIVATE_NETWORK }),
    maxPushSubscriptions: config.PUSH_MAX_SUBSCRIPTIONS_PER_USER,
    throttle: createLoginThrottle({
      perAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perAccountAllClients: config.LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS,
      perClient: config.LOGIN_MAX_ATTEMPTS_PER_CLIENT,
      windowSeconds: config.LOGIN_WINDOW_SECONDS,
    }),
    revocations,
    afterCommit: () => relay?.kick(),
  };
  let relay: OutboxRelay | undefined;
  let closeBus: () => Promise<void> = async () => undefined;

  const app = createHttpApp({
    service: 'User Service',
    logger,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    healthChecks: { database: pingCheck(() => store.ping()) },
    routes: (app) => {
      app.use('/api/auth', authRoutes(deps, verifier));
      app.use('/api/users', usersRoutes(deps, verifier));
      app.use('/api/push', pushRoutes(deps, verifier));
      // Service-to-service only: the BFF never forwards /internal.
      if (config.SERVICE_TOKEN) app.use('/internal', internalRoutes(deps, config.SERVICE_TOKEN));
    },
  });

  let server: RunningServer | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  return {
    app,
    store,
    logger,
    async start() {
      await store.migrate();
      // Revocations of the last day (the longest access token's life) count from the start.
      const since = Math.floor(deps.now().getTime() / 1000) - 86_400;
      for (const entry of await store.listTokensNotBefore(since)) revocations.revoke(String(entry.userId), entry.notBefore);
      if (options.bus || config.AMQP_URL) {
        const opened = await openServiceBus({ service: 'users', given: options.bus, amqpUrl: config.AMQP_URL, logger });
        closeBus = opened.close;
        relay = createOutboxRelay({ store: store.outbox, bus: opened.bus, logger });
        relay.start();
      } else {
        logger.warn('no AMQP_URL: user.sessions_revoked events wait in the outbox, and other services keep accepting revoked access tokens until they expire');
      }
      const accounts: SeedAccount[] = [...(options.seedAccounts ?? [])];
      if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
        accounts.unshift({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, fullName: 'Administrator', role: 'ADMIN' });
      }
      await ensureAccounts(deps, accounts);
      const demo = options.demoAccounts;
      if (demo?.enabled) await ensureAccounts(deps, demo.accounts, { reactivate: true });
      else if (demo) {
        // The configured first admin is never retired, even when it shares a demo address.
        const admin = config.ADMIN_EMAIL?.trim().toLowerCase();
        await retireAccounts(deps, demo.accounts.map((account) => account.email).filter((email) => email !== admin));
      }
      // Expired refresh tokens are dead weight; clear them out now and then.
      sweeper = setInterval(() => {
        store.deleteExpiredRefreshTokens(deps.now()).catch((err) => logger.warn({ err }, 'refresh token sweep failed'));
      }, 3_600_000);
      sweeper.unref();
      server = await listen(app, config.USERS_PORT, config.HOST);
      logger.info({ url: server.url, store: config.USERS_DATABASE_URL ? 'postgres' : 'pglite' }, 'users service listening');
      return server;
    },
    async stop() {
      clearInterval(sweeper);
      await server?.close();
      await relay?.stop();
      await closeBus();
      await store.close();
    },
  };
}
