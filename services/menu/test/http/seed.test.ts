import { rm } from 'node:fs/promises';
import path from 'node:path';
import { generateSigningKeyPair } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteMenuStore } from '../../src/store/sqlite.menu-store.ts';
import { startMenu, tempDir, type RunningMenu } from './helpers.ts';

describe('menu service over HTTP: the demo menu', () => {
  const keys = generateSigningKeyPair();
  let dir: string;
  let first: RunningMenu | undefined;
  let second: RunningMenu | undefined;

  // A database file, so a second start finds what the first one left.
  const start = () => startMenu({ keys, dir, seedDemo: true, store: createSqliteMenuStore(path.join(dir, 'menu.sqlite')) });

  beforeAll(async () => {
    dir = await tempDir();
    first = await start();
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('when the service starts with seedDemo on an empty store, then at least 6 categories and 30 items are served', async () => {
    const categories = await first!.call('GET', '/api/menu/categories');
    const items = await first!.call('GET', '/api/menu/items');
    expect(categories.body.length).toBeGreaterThanOrEqual(6);
    expect(items.body.length).toBeGreaterThanOrEqual(30);
    const categoryNames = new Set(categories.body.map((category: { name: string }) => category.name));
    for (const item of items.body) expect(categoryNames.has(item.category), item.name).toBe(true);
  });

  it('when the demo items are read, then each has an image that the service serves as a PNG', async () => {
    const items = (await first!.call('GET', '/api/menu/items')).body as { name: string; image_url: string }[];
    for (const item of items) {
      expect(item.image_url, item.name).toMatch(/^\/api\/menu\/images\/.+\.png$/);
      const image = await first!.call('GET', item.image_url);
      expect(image.status, item.name).toBe(200);
      expect(image.headers.get('content-type'), item.name).toBe('image/png');
      expect(image.bytes.length, item.name).toBeGreaterThan(8);
    }
  });

  it('when the service starts again with seedDemo, then it does not seed again and an admin edit survives', async () => {
    const call = first!.call;
    const [item] = (await call('GET', '/api/menu/items')).body as { id: string }[];
    const edit = await call('PUT', `/api/menu/items/${item!.id}`, { token: first!.tokens.admin, body: { price: 123.45 } });
    expect(edit.status).toBe(200);
    const categoriesBefore = (await call('GET', '/api/menu/categories?include_inactive=true')).body;
    const itemsBefore = (await call('GET', '/api/menu/items')).body;
    await first!.stop();
    first = undefined;

    second = await start();
    expect((await second.call('GET', '/api/menu/categories?include_inactive=true')).body).toEqual(categoriesBefore);
    expect((await second.call('GET', '/api/menu/items')).body).toEqual(itemsBefore);
    expect((await second.call('GET', `/api/menu/items/${item!.id}`)).body).toMatchObject({ price: 123.45 });
  });
});
