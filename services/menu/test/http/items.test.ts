import { MenuItemSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createItem, expectErrorShape, startMenu, unique, type Call, type RunningMenu } from './helpers.ts';

const UNKNOWN_ID = '0123456789abcdef01234567';

describe('menu service over HTTP: items', () => {
  let menu: RunningMenu;
  let call: Call;
  let admin: string;
  let category: { id: string; name: string };

  beforeAll(async () => {
    menu = await startMenu();
    call = menu.call;
    admin = menu.tokens.admin;
    category = await createCategory(call, admin);
  });
  afterAll(async () => {
    await menu?.stop();
  });

  const getItem = async (id: string) => {
    const res = await call('GET', `/api/menu/items/${id}`);
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown>;
  };
  const names = (res: { body: { name: string }[] }) => res.body.map((item) => item.name);

  describe('create, read, update, delete', () => {
    it('when an admin creates an item by category name, then it comes back whole in the original shape', async () => {
      const res = await call('POST', '/api/menu/items', {
        token: admin,
        body: { name: 'Masala Dosa', description: 'Crisp', category: category.name, price: 60.5, preparation_time: 12 },
      });
      expect(res.status).toBe(201);
      const item = MenuItemSchema.parse(res.body);
      expect(item).toMatchObject({
        _id: item.id,
        name: 'Masala Dosa',
        description: 'Crisp',
        category: category.name,
        category_id: category.id,
        price: 60.5,
        currency: 'INR',
        available: true,
        image_url: '',
        preparation_time: 12,
        station: 'counter',
        stock: null,
      });
      expect(await getItem(item.id)).toEqual(res.body);
    });

    it('when an admin names the category by its id in `category` (as the seed API document does), then the item is created in it', async () => {
      const res = await call('POST', '/api/menu/items', {
        token: admin,
        body: { name: 'Rava Dosa', category: category.id, price: 55, preparation_time: 10 },
      });

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ category: category.name, category_id: category.id });
      const unknown = await call('POST', '/api/menu/items', { token: admin, body: { name: 'Ghost', category: 'no-such-category', price: 5 } });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body)).toContain('no such category');
    });

    it('when an admin updates some fields, then only those change', async () => {
      const item = await createItem(call, admin, { category_id: category.id, preparation_time: 7 });
      const res = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { price: 75.25, available: false } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ price: 75.25, available: false, name: item.name, preparation_time: 7 });
      expect(await getItem(item.id)).toEqual(res.body);
    });

    it('when an admin moves an item to another category by id, then it is listed there', async () => {
      const other = await createCategory(call, admin);
      const item = await createItem(call, admin, { category_id: category.id });
      const res = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { category_id: other.id } });
      expect(res.body).toMatchObject({ category: other.name, category_id: other.id });
      expect(names(await call('GET', `/api/menu/items/category/${other.id}`))).toEqual([item.name]);
    });

    it('when an admin deletes an item, then it is gone and a second delete is a 404', async () => {
      const item = await createItem(call, admin, { category_id: category.id });
      const res = await call('DELETE', `/api/menu/items/${item.id}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Menu item deleted successfully' });
      expectErrorShape(await call('GET', `/api/menu/items/${item.id}`), 404, 'NOT_FOUND');
      expectErrorShape(await call('DELETE', `/api/menu/items/${item.id}`, { token: admin }), 404, 'NOT_FOUND');
    });

    it('when an item is created with unknown fields, then they are stripped, not stored', async () => {
      const item = await createItem(call, admin, { category_id: category.id, foo: 1, __v: 3 });
      expect(item).not.toHaveProperty('foo');
      const stored = await getItem(item.id);
      expect(stored).not.toHaveProperty('foo');
      expect(stored).not.toHaveProperty('__v');

      const updated = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { foo: 2, price: 51 } });
      expect(updated.status).toBe(200);
      expect(updated.body).not.toHaveProperty('foo');
      expect(await getItem(item.id)).toEqual(updated.body);
    });
  });

  describe('listing and filters', () => {
    let filtered: { id: string; name: string };
    let tikka: { id: string; name: string };
    let lassi: { id: string; name: string };

    beforeAll(async () => {
      filtered = await createCategory(call, admin);
      tikka = await createItem(call, admin, {
        category_id: filtered.id,
        name: unique('A Paneer Tikka'),
        station: 'tandoor',
        diet_tags: ['veg'],
      });
      lassi = await createItem(call, admin, {
        category_id: filtered.id,
        name: unique('B Lassi'),
        description: 'Smoky MANGO blend',
        station: 'drinks',
        diet_tags: ['non-veg'],
        available: false,
      });
    });

    const list = (query: string) => call('GET', `/api/menu/items?category=${encodeURIComponent(filtered.name)}${query}`);

    it('when items are filtered by category name, then only that category comes back, sorted by name', async () => {
      expect(names(await list(''))).toEqual([tikka.name, lassi.name]);
      expect((await call('GET', '/api/menu/items?category=No%20Such%20Category')).body).toEqual([]);
    });

    it('when items are filtered by available, then "true" keeps available ones and anything else the others', async () => {
      expect(names(await list('&available=true'))).toEqual([tikka.name]);
      expect(names(await list('&available=false'))).toEqual([lassi.name]);
      expect(names(await list('&available=nope'))).toEqual([lassi.name]);
    });

    it('when items are filtered by station, diet or text, then only matches come back', async () => {
      expect(names(await list('&station=tandoor'))).toEqual([tikka.name]);
      expect(names(await list('&diet=non-veg'))).toEqual([lassi.name]);
      expect(names(await list('&q=mango'))).toEqual([lassi.name]);
      expect(names(await list(`&q=${encodeURIComponent('paneer tikka')}`))).toEqual([tikka.name]);
      expect(names(await list('&q=biryani'))).toEqual([]);
    });

    it('when a filter has a value that cannot exist, then it is a 400', async () => {
      expectErrorShape(await call('GET', '/api/menu/items?station=spaceship'), 400, 'VALIDATION_FAILED');
      expectErrorShape(await call('GET', '/api/menu/items?diet=carnivore'), 400, 'VALIDATION_FAILED');
    });

    it('when items are read by category id, then that category comes back; an unknown one is a 404', async () => {
      expect(names(await call('GET', `/api/menu/items/category/${filtered.id}`))).toEqual([tikka.name, lassi.name]);
      expect(names(await call('GET', `/api/menu/items/category/${filtered.id}?available=true`))).toEqual([tikka.name]);
      expectErrorShape(await call('GET', `/api/menu/items/category/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
      expectErrorShape(await call('GET', '/api/menu/items/category/abc'), 400, 'VALIDATION_FAILED');
    });

    it('when any menu read is repeated with its ETag, then it is a 304; after a change the ETag differs', async () => {
      const paths = ['/api/menu/items', `/api/menu/items/${tikka.id}`, `/api/menu/items/category/${filtered.id}`, `/api/menu/items?q=tikka`];
      const etags = new Map<string, string>();
      for (const path of paths) {
        const first = await call('GET', path);
        const etag = first.headers.get('etag');
        expect(etag, path).toBeTruthy();
        expect(first.headers.get('cache-control'), path).toBe('no-cache');
        etags.set(path, etag!);
        const again = await call('GET', path, { headers: { 'if-none-match': etag! } });
        expect(again.status, path).toBe(304);
      }

      await call('PUT', `/api/menu/items/${tikka.id}`, { token: admin, body: { price: 99 } });
      for (const path of paths) {
        const after = await call('GET', path, { headers: { 'if-none-match': etags.get(path)! } });
        expect(after.status, path).toBe(200);
        expect(after.headers.get('etag'), path).not.toBe(etags.get(path));
      }
    });
  });

  describe('stock', () => {
    it('when an item is created with stock 0, then it is not available', async () => {
      const item = await createItem(call, admin, { category_id: category.id, stock: 0, available: true });
      expect(item).toMatchObject({ stock: 0, available: false });
    });

    it('when stock reaches 0, then the item is sold out; available:true is then a 409 and restocking sells it again', async () => {
      const item = await createItem(call, admin, { category_id: category.id, stock: 3 });
      expect(item.available).toBe(true);

      const soldOut = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { stock: 0 } });
      expect(soldOut.body).toMatchObject({ stock: 0, available: false });

      const refused = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { available: true } });
      expectErrorShape(refused, 409, 'OUT_OF_STOCK');
      expect(await getItem(item.id)).toEqual(soldOut.body);

      const restocked = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { stock: 10 } });
      expect(restocked.body).toMatchObject({ stock: 10, available: true });
      expect(await getItem(item.id)).toMatchObject({ stock: 10, available: true });
    });
  });

  describe('bad input', () => {
    it('when an id is not an id, then it is a 400; an unknown id is a 404', async () => {
      for (const [method, path] of [
        ['GET', '/api/menu/items/123'],
        ['PUT', '/api/menu/items/xyz'],
        ['DELETE', '/api/menu/items/0123456789abcdef0123456z'],
      ] as const) {
        const body = method === 'PUT' ? { price: 1 } : undefined;
        expectErrorShape(await call(method, path, { token: admin, body }), 400, 'VALIDATION_FAILED');
      }
      expectErrorShape(await call('GET', `/api/menu/items/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
      expectErrorShape(await call('PUT', `/api/menu/items/${UNKNOWN_ID}`, { token: admin, body: { price: 1 } }), 404, 'NOT_FOUND');
      expectErrorShape(await call('DELETE', `/api/menu/items/${UNKNOWN_ID}`, { token: admin }), 404, 'NOT_FOUND');
    });

    it('when a create is invalid, then it is a 400 JSON error and nothing is added', async () => {
      const target = await createCategory(call, admin);
      const valid = { name: unique('Valid'), category_id: target.id, price: 10 };
      const invalid: Record<string, unknown>[] = [
        { ...valid, price: -1 },
        { ...valid, price: '10' },
        { ...valid, price: 12.345 },
        { ...valid, price: undefined },
        { ...valid, name: '' },
        { ...valid, category_id: undefined },
        { ...valid, category_id: undefined, category: 'No Such Category' },
        { ...valid, category_id: UNKNOWN_ID },
        { ...valid, category_id: 'not-an-id' },
        { ...valid, available: 'yes' },
        { ...valid, preparation_time: '10' },
        { ...valid, diet_tags: 'veg' },
        { ...valid, stock: -1 },
        { ...valid, option_groups: [{ name: 'Size', min: 2, max: 1, options: [{ name: 'S' }, { name: 'L' }] }] },
      ];
      for (const body of invalid) {
        expectErrorShape(await call('POST', '/api/menu/items', { token: admin, body }), 400, 'VALIDATION_FAILED');
      }
      expectErrorShape(await call('POST', '/api/menu/items', { token: admin, rawBody: '{"name": "Tea", ' }), 400, 'MALFORMED_JSON');
      expect((await call('GET', `/api/menu/items/category/${target.id}`)).body).toEqual([]);
    });

    it('when an update is invalid, then it is a 400 JSON error and the item is unchanged', async () => {
      const item = await createItem(call, admin, {
        category_id: category.id,
        option_groups: [{ name: 'Size', min: 1, max: 1, options: [{ name: 'Half' }, { name: 'Full', price_delta: 20 }] }],
      });
      const before = await getItem(item.id);
      const invalid: Record<string, unknown>[] = [
        { price: -0.5 },
        { price: 'cheap' },
        { price: 1.001 },
        { category: 'No Such Category' },
        { category_id: UNKNOWN_ID },
        { available: 1 },
        { stock: 'many' },
        { station: 'moon' },
        { option_groups: [{ name: 'Size', min: 3, max: 2, options: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }] },
      ];
      for (const body of invalid) {
        expectErrorShape(await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body }), 400, 'VALIDATION_FAILED');
      }
      expectErrorShape(await call('PUT', `/api/menu/items/${item.id}`, { token: admin, rawBody: '{"price": }' }), 400, 'MALFORMED_JSON');
      expect(await getItem(item.id)).toEqual(before);
    });
  });

  describe('messages that say what is wrong', () => {
    it.each([
      ['2000000', '2000000'],
      ['1e400 (beyond a double)', '1e400'],
    ])('when a price is %s, then it is 400 "price: must be at most 1000000" and nothing changes', async (_label, price) => {
      const target = await createCategory(call, admin);
      const item = await createItem(call, admin, { category_id: target.id });
      const before = await getItem(item.id);

      const created = await call('POST', '/api/menu/items', { token: admin, rawBody: `{"name":"Gold Dosa","category_id":"${target.id}","price":${price}}` });
      const updated = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, rawBody: `{"price":${price}}` });

      for (const res of [created, updated]) {
        expectErrorShape(res, 400, 'VALIDATION_FAILED');
        expect(res.body.message).toBe('price: must be at most 1000000');
      }
      expect((await call('GET', `/api/menu/items/category/${target.id}`)).body).toHaveLength(1);
      expect(await getItem(item.id)).toEqual(before);
    });

    it.each([
      ['a NUL in the description', { description: 'crisp\u0000' }, 'description: must not contain control characters'],
      ['a line break in the name', { name: 'Masala\nDosa' }, 'name: must be on one line'],
      ['a NUL in an option name', { option_groups: [{ name: 'Size', options: [{ name: 'Half\u0000' }] }] }, 'option_groups.0.options.0.name: must not contain control characters'],
    ])('when an item has %s, then it is 400 naming the field and nothing is added', async (_label, patch, message) => {
      const target = await createCategory(call, admin);

      const res = await call('POST', '/api/menu/items', { token: admin, body: { name: unique('Dosa'), category_id: target.id, price: 10, ...patch } });

      expectErrorShape(res, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toBe(message);
      expect((await call('GET', `/api/menu/items/category/${target.id}`)).body).toEqual([]);
    });
  });
});
