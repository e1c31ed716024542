import { generateSigningKeyPair, silentLogger, type EventBus, type KeyPairPem, type RunningServer } from '@canteen/service-kit';
import { client, startFakeUpstream, type CallOptions } from '@canteen/service-kit/testing';
import { createUsersService, loadUsersConfig, type UsersService } from '../../services/users/src/service.ts';
import { openUserStore } from '../../services/users/src/store/index.ts';
import { createBffService, loadBffConfig, type BffService } from '../src/service.ts';

export { startFakeUpstream };

/** Monitoring's token in the BFFs these tests start: what reads the detailed /health. */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdefghijklmnop';
export const asMonitoring = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };

export async function startBff(env: Record<string, string>, options: { bus?: EventBus } = {}): Promise<{ url: string; service: BffService; stop(): Promise<void> }> {
  const config = loadBffConfig({ BFF_PORT: '0', LOG_LEVEL: 'silent', METRICS_TOKEN, ...env });
  const service = createBffService(config, { logger: silentLogger(), ...options });
  const server = await service.start();
  return { url: server.url, service, stop: () => service.stop() };
}

/** The real users service on port 0 over an in-memory PGlite. */
export async function startUsers(
  env: Record<string, string> = {},
  options: { bus?: EventBus } = {},
): Promise<{ url: string; service: UsersService; server: RunningServer; keys: KeyPairPem }> {
  const keys = generateSigningKeyPair();
  const config = loadUsersConfig({
    USERS_PORT: '0',
    JWT_PRIVATE_KEY: keys.privateKey,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await createUsersService(config, { store: await openUserStore({ kind: 'pglite' }), logger: silentLogger(), ...options });
  const server = await service.start();
  return { url: server.url, service, server, keys };
}

/** A port that nothing listens on: bound once by us, then released. */
export async function closedPortUrl(): Promise<string> {
  const upstream = await startFakeUpstream(() => {});
  await upstream.close();
  return upstream.url;
}

/** One call to `baseUrl` (see the kit's `client`). */
export const call = (baseUrl: string, method: string, path: string, options: CallOptions = {}) => client(baseUrl)(method, path, options);
