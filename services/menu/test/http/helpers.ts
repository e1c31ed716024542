import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MenuItemChangedEventSchema, type MenuItemChangedEvent } from '@canteen/contracts';
import {
  createInProcessBus,
  createTokenSigner,
  generateSigningKeyPair,
  silentLogger,
  type InProcessBus,
  type KeyPairPem,
  type Role,
} from '@canteen/service-kit';
import { createMenuService, loadMenuConfig, type MenuService } from '../../src/service.ts';
import type { MenuStore } from '../../src/store/menu.store.ts';
import { createSqliteMenuStore } from '../../src/store/sqlite.menu-store.ts';

export const SEED_IMAGES = path.resolve(import.meta.dirname, '../../seed/images');

export interface Tokens {
  admin: string;
  staff: string;
  customer: string;
  /** An ADMIN token signed with a key the service does not trust. */
  forged: string;
}

export interface RunningMenu {
  url: string;
  service: MenuService;
  store: MenuStore;
  bus: InProcessBus;
  keys: KeyPairPem;
  tokens: Tokens;
  /** Where the service keeps uploaded images (a temporary folder). */
  imageDir: string;
  call: Call;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Share a store between starts; a fresh in-memory SQLite store otherwise. */
  store?: MenuStore;
  keys?: KeyPairPem;
  /** Share a temporary folder (images, data) between starts; the last user removes it. */
  dir?: string;
  seedDemo?: boolean;
}

async function tokensFor(keys: KeyPairPem): Promise<Tokens> {
  const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 900 });
  const forger = await createTokenSigner(generateSigningKeyPair().privateKey, { ttlSeconds: 900 });
  const sign = async (role: Role, by = signer) =>
    (await by.sign({ userId: String(Math.floor(Math.random() * 1e6)), email: `${role.toLowerCase()}@canteen.test`, role })).token;
  return { admin: await sign('ADMIN'), staff: await sign('STAFF'), customer: await sign('CUSTOMER'), forged: await sign('ADMIN', forger) };
}

/** The secret of the `/internal` routes in these tests. */
export const SERVICE_TOKEN = 'menu-test-service-token-0123456789abcdef';

export const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'menu-http-'));

/** The real menu service on port 0, over embedded SQLite and the in-process bus, as all-in-one builds it. */
export async function startMenu(options: StartOptions = {}): Promise<RunningMenu> {
  const keys = options.keys ?? generateSigningKeyPair();
  const dir = options.dir ?? (await tempDir());
  const imageDir = path.join(dir, 'images');
  const config = loadMenuConfig({
    MENU_PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKey,
    DATA_DIR: dir,
    MENU_IMAGE_DIR: imageDir,
    SERVICE_TOKEN,
    LOG_LEVEL: 'silent',
  });
  const bus = createInProcessBus({ logger: silentLogger() });
  const store = options.store ?? createSqliteMenuStore(':memory:');
  const service = await createMenuService(config, { bus, store, logger: silentLogger(), seedDemo: options.seedDemo ?? false });
  const server = await service.start();
  return {
    url: server.url,
    service,
    store,
    bus,
    keys,
    tokens: await tokensFor(keys),
    imageDir,
    call: client(server.url),
    async stop() {
      await service.stop();
      await bus.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  bytes: Buffer;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is, not JSON-encoded (malformed JSON). */
  rawBody?: string;
  form?: FormData;
  token?: string;
  headers?: Record<string, string>;
}

export function client(baseUrl: string) {
  return async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (typeof body === 'string') headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed: unknown = undefined;
    if (text && response.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text, bytes };
  };
}

export type Call = ReturnType<typeof client>;

/** Matches the error body of every service: `{error: {code, message, details?}, message}`. */
export function expectErrorShape(response: ApiResponse, status: number, code?: string): void {
  const describe = () => `${response.status} ${response.text}`;
  if (response.status !== status) throw new Error(`expected ${status}, got ${describe()}`);
  if (!response.headers.get('content-type')?.includes('application/json')) throw new Error(`not JSON: ${describe()}`);
  const { error, message } = (response.body ?? {}) as { error?: { code?: unknown; message?: unknown }; message?: unknown };
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || message !== error.message) {
    throw new Error(`not the error shape: ${describe()}`);
  }
  if (code !== undefined && error.code !== code) throw new Error(`expected code ${code}, got ${describe()}`);
}

let counter = 0;
/** A name no other test in the file uses. */
export const unique = (prefix: string) => `${prefix} ${process.pid}-${++counter}`;

export async function createCategory(call: Call, token: string, overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/menu/categories', { token, body: { name: unique('Category'), ...overrides } });
  if (res.status !== 201) throw new Error(`create category failed: ${res.status} ${res.text}`);
  return res.body as { id: string; name: string; item_count: number };
}

export async function createItem(call: Call, token: string, overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/menu/items', {
    token,
    body: { name: unique('Item'), description: 'Tasty', price: 50, ...overrides },
  });
  if (res.status !== 201) throw new Error(`create item failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any> & { id: string; name: string; price: number; available: boolean; stock: number | null };
}

/** Polls until `check` stops throwing (or returns a value), so tests wait for outcomes, not for time. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** A queue bound to `menu.item.*` on the service's bus, collecting what arrives (validated by the contract). */
export async function collectItemEvents(bus: InProcessBus) {
  const received: { messageId: string; routingKey: string; event: MenuItemChangedEvent; raw: Record<string, unknown> }[] = [];
  const subscription = await bus.subscribe({
    queue: `test.menu-events.${randomUUID()}`,
    routingKeys: ['menu.item.*'],
    handler: async (message) => {
      received.push({
        messageId: message.messageId,
        routingKey: message.routingKey,
        event: MenuItemChangedEventSchema.parse(message.body),
        raw: message.body as Record<string, unknown>,
      });
    },
  });
  return {
    received,
    of: (itemId: string) => received.filter((entry) => entry.event.item_id === itemId),
    cancel: () => subscription.cancel(),
  };
}
