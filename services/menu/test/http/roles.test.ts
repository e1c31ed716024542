import { createTokenSigner } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createItem, expectErrorShape, startMenu, type Call, type RunningMenu } from './helpers.ts';

describe('menu service over HTTP: who may change the menu', () => {
  let menu: RunningMenu;
  let call: Call;
  let admin: string;
  let category: { id: string; name: string };
  let item: { id: string; name: string };

  beforeAll(async () => {
    menu = await startMenu();
    call = menu.call;
    admin = menu.tokens.admin;
    category = await createCategory(call, admin);
    item = await createItem(call, admin, { category_id: category.id, stock: 20 });
  });
  afterAll(async () => {
    await menu?.stop();
  });

  /** Every write, with a body that an admin could send successfully. */
  const writes = () =>
    [
      ['POST', '/api/menu/categories', { name: 'Sneaky' }],
      ['PUT', `/api/menu/categories/${category.id}`, { name: 'Renamed' }],
      ['DELETE', `/api/menu/categories/${category.id}?cascade=true`, undefined],
      ['POST', '/api/menu/items', { name: 'Sneaky', category_id: category.id, price: 1 }],
      ['PUT', `/api/menu/items/${item.id}`, { price: 1 }],
      ['DELETE', `/api/menu/items/${item.id}`, undefined],
      ['POST', `/api/menu/items/${item.id}/image`, undefined],
    ] as const;

  /** The menu as anyone can read it, to show a refused write changed nothing. */
  const snapshot = async () => ({
    categories: (await call('GET', '/api/menu/categories?include_inactive=true')).body,
    items: (await call('GET', '/api/menu/items')).body,
  });

  it('when the menu is read without a token, then it is served', async () => {
    expect((await call('GET', '/api/menu/items')).status).toBe(200);
    expect((await call('GET', `/api/menu/items/${item.id}`)).status).toBe(200);
    expect((await call('GET', '/api/menu/categories')).status).toBe(200);
  });

  it('when a write has no token or a malformed one, then it is a 401 and nothing changes', async () => {
    const before = await snapshot();
    for (const [method, path, body] of writes()) {
      expectErrorShape(await call(method, path, { body }), 401, 'UNAUTHORIZED');
      expectErrorShape(await call(method, path, { body, headers: { authorization: 'Bearer not.a.jwt' } }), 401, 'UNAUTHORIZED');
      expectErrorShape(await call(method, path, { body, headers: { authorization: `Basic ${admin}` } }), 401, 'UNAUTHORIZED');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when a write carries an ADMIN token signed by another key or for another audience, then it is a 401', async () => {
    const otherAudience = await createTokenSigner(menu.keys.privateKey, { ttlSeconds: 900, audience: 'someone-else' });
    const { token: wrongAudience } = await otherAudience.sign({ userId: '1', email: 'a@canteen.test', role: 'ADMIN' });
    const before = await snapshot();
    for (const [method, path, body] of writes()) {
      expectErrorShape(await call(method, path, { body, token: menu.tokens.forged }), 401, 'UNAUTHORIZED');
      expectErrorShape(await call(method, path, { body, token: wrongAudience }), 401, 'UNAUTHORIZED');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when a customer tries any write, then it is a 403 and nothing changes', async () => {
    const before = await snapshot();
    for (const [method, path, body] of writes()) {
      expectErrorShape(await call(method, path, { body, token: menu.tokens.customer }), 403, 'FORBIDDEN');
    }
    expectErrorShape(await call('PUT', `/api/menu/items/${item.id}`, { body: { available: false }, token: menu.tokens.customer }), 403);
    expect(await snapshot()).toEqual(before);
  });

  it('when staff try an admin-only write, then it is a 403 and nothing changes', async () => {
    const before = await snapshot();
    for (const [method, path, body] of writes()) {
      if (method === 'PUT' && path.startsWith('/api/menu/items/')) continue;
      expectErrorShape(await call(method, path, { body, token: menu.tokens.staff }), 403, 'FORBIDDEN');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('when staff change only available and stock, then the change is made', async () => {
    const staff = menu.tokens.staff;
    const soldOut = await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body: { available: false } });
    expect(soldOut.status).toBe(200);
    expect(soldOut.body).toMatchObject({ available: false, stock: 20 });

    const recounted = await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body: { available: true, stock: 8 } });
    expect(recounted.status).toBe(200);
    expect((await call('GET', `/api/menu/items/${item.id}`)).body).toMatchObject({ available: true, stock: 8 });

    const empty = await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body: { stock: 0 } });
    expect(empty.body).toMatchObject({ available: false, stock: 0 });
    expectErrorShape(await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body: { available: true } }), 409, 'OUT_OF_STOCK');
    expect((await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body: { stock: 5 } })).body).toMatchObject({
      available: true,
      stock: 5,
    });
  });

  it('when staff send anything besides available and stock, then it is a 403 and the item is unchanged', async () => {
    const staff = menu.tokens.staff;
    const before = (await call('GET', `/api/menu/items/${item.id}`)).body;
    for (const body of [{ price: 1 }, { available: false, price: 1 }, { stock: 3, name: 'Renamed' }, { description: 'x' }, {}]) {
      expectErrorShape(await call('PUT', `/api/menu/items/${item.id}`, { token: staff, body }), 403, 'FORBIDDEN');
    }
    expect((await call('GET', `/api/menu/items/${item.id}`)).body).toEqual(before);
  });
});
