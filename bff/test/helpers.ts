import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKeyPair, silentLogger, type EventBus, type RunningServer } from '@canteen/service-kit';
import { createUsersService, loadUsersConfig, type UsersService } from '../../services/users/src/service.ts';
import { openUserStore } from '../../services/users/src/store/index.ts';
import { createBffService, loadBffConfig, type BffService } from '../src/service.ts';

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
export async function startUsers(env: Record<string, string> = {}): Promise<{ url: string; service: UsersService; server: RunningServer }> {
  const keys = generateSigningKeyPair();
  const config = loadUsersConfig({
    USERS_PORT: '0',
    JWT_PRIVATE_KEY: keys.privateKey,
    JWT_PUBLIC_KEY: keys.publicKey,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const service = await createUsersService(config, { store: await openUserStore({ kind: 'pglite' }), logger: silentLogger() });
  const server = await service.start();
  return { url: server.url, service, server };
}

/** A throwaway HTTP server on port 0 that answers however the test likes (or never). */
export async function startFakeUpstream(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that nothing listens on: bound once by us, then released. */
export async function closedPortUrl(): Promise<string> {
  const upstream = await startFakeUpstream(() => {});
  await upstream.close();
  return upstream.url;
}

export async function call(baseUrl: string, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body, text };
}
