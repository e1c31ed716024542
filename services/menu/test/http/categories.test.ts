import { CategorySchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createItem, expectErrorShape, startMenu, unique, type Call, type RunningMenu } from './helpers.ts';

describe('menu service over HTTP: categories', () => {
  let menu: RunningMenu;
  let call: Call;
  let admin: string;

  beforeAll(async () => {
    menu = await startMenu();
    call = menu.call;
    admin = menu.tokens.admin;
  });
  afterAll(async () => {
    await menu?.stop();
  });

  const listCategories = async (query = '') => {
    const res = await call('GET', `/api/menu/categories${query}`);
    expect(res.status).toBe(200);
    return res.body as { id: string; name: string; active: boolean; item_count: number; display_order: number }[];
  };

  it('when the service is up, then /health answers OK with its dependencies', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'OK',
      service: 'Menu Service',
      dependencies: { database: { status: 'up' }, bus: { status: 'up' } },
    });
  });

  it('when an admin creates a category, then it is listed in the original shape with an item count', async () => {
    const name = unique('Breakfast');
    const res = await call('POST', '/api/menu/categories', { token: admin, body: { name, description: 'Morning', display_order: 3 } });
    expect(res.status).toBe(201);
    expect(CategorySchema.parse(res.body)).toMatchObject({ name, description: 'Morning', display_order: 3, active: true, item_count: 0 });
    expect(res.body._id).toBe(res.body.id);

    const listed = (await listCategories()).find((category) => category.id === res.body.id);
    expect(listed).toEqual(res.body);
  });

  it('when the categories are listed, then they come in display order and inactive ones only on request', async () => {
    const late = await createCategory(call, admin, { display_order: 900 });
    const early = await createCategory(call, admin, { display_order: 0 });
    const hidden = await createCategory(call, admin, { display_order: 5, active: false });

    const ids = (await listCategories()).map((category) => category.id);
    expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(late.id));
    expect(ids).not.toContain(hidden.id);
    expect((await listCategories('?include_inactive=true')).map((category) => category.id)).toContain(hidden.id);
  });

  it('when a category is created with a name that exists in another case, then it is a 409 and nothing is added', async () => {
    const existing = await createCategory(call, admin);
    const before = await listCategories('?include_inactive=true');
    const res = await call('POST', '/api/menu/categories', { token: admin, body: { name: existing.name.toUpperCase() } });
    expectErrorShape(res, 409, 'CATEGORY_EXISTS');
    expect(await listCategories('?include_inactive=true')).toEqual(before);
  });

  it('when an admin updates a category, then the change is returned and listed', async () => {
    const category = await createCategory(call, admin);
    const name = unique('Renamed');
    const res = await call('PUT', `/api/menu/categories/${category.id}`, { token: admin, body: { name, display_order: 42 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: category.id, name, display_order: 42 });
    expect((await listCategories()).find((c) => c.id === category.id)).toMatchObject({ name, display_order: 42 });
  });

  it('when a category update is invalid, then it is a 4xx JSON error and the category is unchanged', async () => {
    const category = await createCategory(call, admin);
    const other = await createCategory(call, admin);
    const attempts = [
      { path: `/api/menu/categories/${category.id}`, body: { display_order: -1 }, status: 400 },
      { path: `/api/menu/categories/${category.id}`, body: { name: '' }, status: 400 },
      { path: `/api/menu/categories/${category.id}`, body: { active: 'yes' }, status: 400 },
      { path: `/api/menu/categories/${category.id}`, body: { name: other.name }, status: 409 },
      { path: '/api/menu/categories/not-an-id', body: { name: unique('X') }, status: 400 },
      { path: '/api/menu/categories/0123456789abcdef01234567', body: { name: unique('X') }, status: 404 },
    ];
    for (const attempt of attempts) {
      expectErrorShape(await call('PUT', attempt.path, { token: admin, body: attempt.body }), attempt.status);
    }
    const malformed = await call('PUT', `/api/menu/categories/${category.id}`, { token: admin, rawBody: '{"name": "Half' });
    expectErrorShape(malformed, 400, 'MALFORMED_JSON');
    expect((await listCategories()).find((c) => c.id === category.id)).toMatchObject({ name: category.name });
  });

  it('when a category is created with bad input, then it is a 400 and nothing is added', async () => {
    const before = await listCategories('?include_inactive=true');
    for (const body of [{}, { name: '   ' }, { name: 42 }, { name: unique('X'), display_order: 1.5 }, { name: unique('X'), active: 'no' }]) {
      expectErrorShape(await call('POST', '/api/menu/categories', { token: admin, body }), 400, 'VALIDATION_FAILED');
    }
    expectErrorShape(await call('POST', '/api/menu/categories', { token: admin, rawBody: '{name:' }), 400, 'MALFORMED_JSON');
    expect(await listCategories('?include_inactive=true')).toEqual(before);
  });

  it('when a category is created with unknown fields, then they are ignored and not stored', async () => {
    const res = await call('POST', '/api/menu/categories', { token: admin, body: { name: unique('Extra'), foo: 1, __v: 7 } });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('foo');
    const listed = (await listCategories()).find((c) => c.id === res.body.id);
    expect(listed).not.toHaveProperty('foo');
    expect(listed).not.toHaveProperty('__v');
  });

  it('when an empty category is deleted, then it is gone', async () => {
    const category = await createCategory(call, admin);
    const res = await call('DELETE', `/api/menu/categories/${category.id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Category deleted successfully' });
    expect((await listCategories('?include_inactive=true')).map((c) => c.id)).not.toContain(category.id);
    expectErrorShape(await call('DELETE', `/api/menu/categories/${category.id}`, { token: admin }), 404, 'NOT_FOUND');
  });

  it('when a category with items is deleted without cascade, then it is a 409 CATEGORY_NOT_EMPTY and both stay', async () => {
    const category = await createCategory(call, admin);
    const item = await createItem(call, admin, { category_id: category.id });

    const res = await call('DELETE', `/api/menu/categories/${category.id}`, { token: admin });
    expectErrorShape(res, 409, 'CATEGORY_NOT_EMPTY');
    expect((await listCategories()).find((c) => c.id === category.id)).toMatchObject({ item_count: 1 });
    expect((await call('GET', `/api/menu/items/${item.id}`)).status).toBe(200);
  });

  it('when a category with items is deleted with ?cascade=true, then it goes with its items', async () => {
    const category = await createCategory(call, admin);
    const items = [await createItem(call, admin, { category_id: category.id }), await createItem(call, admin, { category: category.name })];

    const res = await call('DELETE', `/api/menu/categories/${category.id}?cascade=true`, { token: admin });
    expect(res.status).toBe(200);
    expect((await listCategories('?include_inactive=true')).map((c) => c.id)).not.toContain(category.id);
    for (const item of items) expectErrorShape(await call('GET', `/api/menu/items/${item.id}`), 404, 'NOT_FOUND');
  });

  it('when ?cascade has a value other than true or false, then it is a 400 and the category stays', async () => {
    const category = await createCategory(call, admin);
    expectErrorShape(await call('DELETE', `/api/menu/categories/${category.id}?cascade=yes`, { token: admin }), 400);
    expect((await listCategories()).map((c) => c.id)).toContain(category.id);
  });

  it('when the category list is read with its ETag, then it is a 304; after a change the ETag differs', async () => {
    const first = await call('GET', '/api/menu/categories');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');

    const again = await call('GET', '/api/menu/categories', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    await createCategory(call, admin);
    const changed = await call('GET', '/api/menu/categories', { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
