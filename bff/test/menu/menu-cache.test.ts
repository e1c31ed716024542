import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createCategory,
  createItem,
  eventually,
  expectErrorShape,
  SEED_IMAGES,
  startMenu,
  type Call,
  type RunningMenu,
} from '../../../services/menu/test/http/helpers.ts';
import type { EventBus } from '@canteen/service-kit';
import { closedPortUrl, startBff, startFakeUpstream } from '../helpers.ts';

type RunningBff = Awaited<ReturnType<typeof startBff>>;

async function bffInFrontOf(menuUrl: string, freshMs: number, bus?: EventBus): Promise<RunningBff> {
  return startBff({ USERS_SERVICE_URL: await closedPortUrl(), MENU_SERVICE_URL: menuUrl, MENU_CACHE_FRESH_MS: String(freshMs) }, bus ? { bus } : {});
}

/** A GET whose body comes back as sent (fetch would unzip it out of sight). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** How many times the menu service answered 304 (from its own /metrics). */
async function notModifiedCount(menu: RunningMenu): Promise<number> {
  const { text } = await menu.call('GET', '/metrics');
  return [...text.matchAll(/^http_request_duration_seconds_count\{[^}]*status="304"[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

describe('BFF in front of the real menu service', () => {
  let menu: RunningMenu;
  /** Revalidates after 200 ms, so direct changes on the menu service show up soon. */
  let quick: RunningBff;
  /** Keeps its copy for a minute, so only a write through it can make it forget. */
  let slow: RunningBff;
  /** Keeps its copy for a minute too, but hears the menu's events (as all-in-one and a deployment with AMQP_URL do). */
  let listening: RunningBff;
  let viaQuick: Call;
  let viaSlow: Call;
  let admin: string;
  let category: { id: string; name: string };
  let item: { id: string; name: string };

  beforeAll(async () => {
    menu = await startMenu();
    admin = menu.tokens.admin;
    category = await createCategory(menu.call, admin);
    item = await createItem(menu.call, admin, { category_id: category.id, price: 40 });
    await createItem(menu.call, admin, { category_id: category.id, price: 25 });
    quick = await bffInFrontOf(menu.url, 200);
    slow = await bffInFrontOf(menu.url, 60_000);
    listening = await bffInFrontOf(menu.url, 60_000, menu.bus);
    viaQuick = client(quick.url);
    viaSlow = client(slow.url);
  });
  afterAll(async () => {
    await quick?.stop();
    await slow?.stop();
    await listening?.stop();
    await menu?.stop();
  });

  it('when the menu is read through the BFF, then it equals what the menu service answers', async () => {
    for (const path of ['/api/menu/items', `/api/menu/items/${item.id}`, `/api/menu/items/category/${category.id}`, '/api/menu/categories']) {
      const direct = await menu.call('GET', path);
      const through = await viaQuick('GET', path);
      expect(through.status, path).toBe(200);
      expect(through.headers.get('content-type'), path).toContain('application/json');
      expect(through.body, path).toEqual(direct.body);
    }
  });

  it('when a browser that takes gzip reads the menu, then it comes gzipped and unzips to the same JSON; without gzip it comes plain', async () => {
    // A dish with a long description, so the list passes the 1 kB below which nothing is zipped.
    await createItem(menu.call, admin, { category_id: category.id, description: 'Slow-cooked, spiced and served hot. '.repeat(25) });
    const url = `${quick.url}/api/menu/items`;
    const plain = await eventually(async () => {
      const res = await rawGet(url, { 'accept-encoding': 'identity' });
      expect(res.bytes.length).toBeGreaterThan(1024); // once the BFF's copy is no longer fresh
      return res;
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length);
    expect(JSON.parse(gunzipSync(zipped.bytes).toString('utf8'))).toEqual(JSON.parse(plain.bytes.toString('utf8')));
    expect(zipped.headers.etag).toBe(plain.headers.etag);
  });

  it('when a menu read is repeated through the BFF with its ETag, then it is a 304', async () => {
    const first = await viaQuick('GET', '/api/menu/items?available=true');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await viaQuick('GET', '/api/menu/items?available=true', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('when the BFF revalidates its copy, then the menu service answers 304 instead of the body', async () => {
    const bff = await bffInFrontOf(menu.url, 0);
    try {
      const call = client(bff.url);
      const first = await call('GET', '/api/menu/categories');
      const before = await notModifiedCount(menu);
      const second = await call('GET', '/api/menu/categories');
      expect(second.body).toEqual(first.body);
      expect(await notModifiedCount(menu)).toBe(before + 1);
    } finally {
      await bff.stop();
    }
  });

  it('when an admin changes an item through the BFF, then the next read through it shows the change', async () => {
    const path = `/api/menu/items/${item.id}`;
    expect((await viaSlow('GET', path)).body).toMatchObject({ price: 40 });
    // Made behind the BFF's back: its fresh copy still stands.
    await menu.call('PUT', path, { token: admin, body: { description: 'changed directly' } });
    expect((await viaSlow('GET', path)).body).not.toMatchObject({ description: 'changed directly' });

    const put = await viaSlow('PUT', path, { token: admin, body: { price: 42.5 } });
    expect(put.status).toBe(200);
    expect((await viaSlow('GET', path)).body).toMatchObject({ price: 42.5, description: 'changed directly' });
  });

  it('when an admin edits a price through the BFF while a read of it is on its way, then the next read shows the new price, not what that read brought', async () => {
    const path = `/api/menu/items/${item.id}`;
    const via = client(slow.url);
    // A write empties the cache, so the read below goes to the menu service and may come back after the write.
    await via('PUT', path, { token: admin, body: { price: 50 } });
    for (const price of [51, 52, 53]) {
      const [, put] = await Promise.all([via('GET', path), via('PUT', path, { token: admin, body: { price } })]);
      expect(put.status).toBe(200);
      expect((await via('GET', path)).body).toMatchObject({ price });
      expect((await via('GET', `/api/menu/items?category=${encodeURIComponent(category.name)}`)).body.find((entry: { id: string }) => entry.id === item.id)).toMatchObject({ price });
    }
  });

  it('when the menu changes on the menu service directly, then a BFF that hears the menu’s events drops its copy at once (one that does not keeps it)', async () => {
    const path = `/api/menu/items/${item.id}`;
    const before = (await client(listening.url)('GET', path)).body as { price: number };
    expect((await viaSlow('GET', path)).body).toMatchObject({ price: before.price });
    const price = before.price + 7;
    expect((await menu.call('PUT', path, { token: admin, body: { price } })).status).toBe(200);
    await eventually(async () => expect((await client(listening.url)('GET', path)).body).toMatchObject({ price }));
    expect((await viaSlow('GET', path)).body).toMatchObject({ price: before.price });
  });

  it('when a write through the BFF is refused, then the menu service’s error passes through', async () => {
    const path = `/api/menu/items/${item.id}`;
    expectErrorShape(await viaQuick('PUT', path, { body: { price: 1 } }), 401);
    expectErrorShape(await viaQuick('PUT', path, { token: menu.tokens.customer, body: { price: 1 } }), 403);
    expectErrorShape(await viaQuick('PUT', path, { token: admin, body: { price: -1 } }), 400);
  });

  it('when the menu changes on the menu service directly, then the BFF shows it once its copy is no longer fresh', async () => {
    const path = `/api/menu/items?category=${encodeURIComponent(category.name)}`;
    await viaQuick('GET', path);
    await menu.call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { available: false } });
    await eventually(async () => {
      const through = await viaQuick('GET', path);
      expect(through.body.find((entry: { id: string }) => entry.id === item.id)).toMatchObject({ available: false });
    });
  });

  it('when an admin uploads an image through the BFF, then it is streamed to the menu service and served back', async () => {
    const png = await readFile(path.join(SEED_IMAGES, 'masala-dosa.png'));
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'dosa.png');
    const res = await viaQuick('POST', `/api/menu/items/${item.id}/image`, { token: admin, form });
    expect(res.status).toBe(200);
    expect(res.body.image_url).toMatch(/^\/api\/menu\/images\/.+\.png$/);

    const image = await viaQuick('GET', res.body.image_url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toContain('immutable');
    expect(image.bytes.equals(png)).toBe(true);
    expect((await viaQuick('GET', `/api/menu/items/${item.id}`)).body.image_url).toBe(res.body.image_url);
  });

  it('when a text file is uploaded through the BFF, then the menu service’s 415 passes through', async () => {
    const form = new FormData();
    form.append('image', new Blob(['plain text'], { type: 'image/png' }), 'x.png');
    expectErrorShape(await viaQuick('POST', `/api/menu/items/${item.id}/image`, { token: admin, form }), 415, 'UNSUPPORTED_IMAGE');
  });
});

describe('BFF when the menu service goes down', () => {
  let menu: RunningMenu;
  let bff: RunningBff;
  let via: Call;
  let stopped = false;

  beforeAll(async () => {
    menu = await startMenu();
    const category = await createCategory(menu.call, menu.tokens.admin);
    await createItem(menu.call, menu.tokens.admin, { category_id: category.id });
    // Never fresh: every read asks the menu service, so only stale-if-error can answer once it is gone.
    bff = await bffInFrontOf(menu.url, 0);
    via = client(bff.url);
  });
  afterAll(async () => {
    await bff?.stop();
    if (!stopped) await menu?.stop();
  });

  it('when the menu service stops, then cached reads are still served and a never-cached one is a 503 JSON', async () => {
    const cached = await via('GET', '/api/menu/items');
    expect(cached.status).toBe(200);
    expect(cached.body.length).toBe(1);

    await menu.stop();
    stopped = true;

    const stale = await via('GET', '/api/menu/items');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual(cached.body);
    expect(stale.headers.get('etag')).toBe(cached.headers.get('etag'));

    expectErrorShape(await via('GET', '/api/menu/categories'), 503, 'SERVICE_UNAVAILABLE');
  });
});

describe('BFF menu cache, a read under way while the menu changes', () => {
  it('when a read started before a write comes back after it, then it is not kept: the next read asks the menu service and has the write', async () => {
    let price = 40;
    let gets = 0;
    let holdNext = true;
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    const menu = await startFakeUpstream((req, res) => {
      if (req.method === 'PUT') {
        price = 45;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'dish', price }));
        return;
      }
      gets++;
      // What the menu had when the read reached it.
      const body = JSON.stringify({ id: 'dish', price });
      const answer = () => res.writeHead(200, { 'content-type': 'application/json', etag: `"${price}"` }).end(body);
      if (!holdNext) return answer();
      holdNext = false;
      release = answer;
      arrived();
    });
    const bff = await bffInFrontOf(menu.url, 60_000);
    try {
      const via = client(bff.url);
      const early = via('GET', '/api/menu/items/dish');
      await firstArrived;
      expect((await via('PUT', '/api/menu/items/dish', { body: { price: 45 } })).status).toBe(200);
      release();
      expect((await early).body).toEqual({ id: 'dish', price: 40 });
      expect((await via('GET', '/api/menu/items/dish')).body).toEqual({ id: 'dish', price: 45 });
      expect(gets).toBe(2);
    } finally {
      await bff.stop();
      await menu.close();
    }
  });
});
