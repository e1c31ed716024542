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
import { client, eventually, expectError, type ApiResponse, type Call, type CallOptions } from '@canteen/service-kit/testing';
export { client, eventually, expectError as expectErrorShape, type ApiResponse, type Call, type CallOptions };

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
