import { MenuItemSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCategory, createItem, expectErrorShape, startMenu, unique, type Call, type RunningMenu } from './helpers.ts';

describe('menu service over HTTP: option defaults', () => {
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

  // Option ids made from the names ("Brown bread" → brown-bread) can be named as defaults.
  const bread = (defaults?: string[]) => ({
    name: 'Bread',
    min: 1,
    max: 1,
    options: [{ name: 'White bread' }, { name: 'Brown bread', price_delta: 5 }],
    ...(defaults ? { default_option_ids: defaults } : {}),
  });

  it('when an admin gives a group defaults, then they are stored and shown; a group without them shows none', async () => {
    const item = await createItem(call, admin, {
      category_id: category.id,
      option_groups: [bread(['brown-bread']), { name: 'Extras', min: 0, max: 2, options: [{ name: 'Cheese', price_delta: 10 }] }],
    });
    const shown = MenuItemSchema.parse((await call('GET', `/api/menu/items/${item.id}`)).body);
    expect(shown.option_groups.map((g) => [g.id, g.default_option_ids])).toEqual([
      ['bread', ['brown-bread']],
      ['extras', []],
    ]);
  });

  it('when an admin changes the defaults, then the new ones are shown', async () => {
    const item = await createItem(call, admin, { category_id: category.id, option_groups: [bread()] });
    const res = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { option_groups: [bread(['white-bread'])] } });
    expect(res.status).toBe(200);
    expect(res.body.option_groups[0].default_option_ids).toEqual(['white-bread']);
  });

  it('when defaults are not options of the group or do not fit min and max, then create and update are 400 naming them, and nothing changes', async () => {
    const invalid = [
      { groups: [bread(['rye-bread'])], message: 'Bread has no option rye-bread' },
      { groups: [bread(['white-bread', 'brown-bread'])], message: 'Bread takes 1 options; 2 are named' },
      { groups: [{ ...bread(['white-bread', 'white-bread']), max: 2 }], message: 'an option is named twice' },
      { groups: [bread(['White Bread'])], message: undefined },
    ];
    const target = await createCategory(call, admin);
    const item = await createItem(call, admin, { category_id: category.id, option_groups: [bread(['white-bread'])] });
    const before = (await call('GET', `/api/menu/items/${item.id}`)).body;
    for (const { groups, message } of invalid) {
      const created = await call('POST', '/api/menu/items', { token: admin, body: { name: unique('Toast'), category_id: target.id, price: 40, option_groups: groups } });
      const updated = await call('PUT', `/api/menu/items/${item.id}`, { token: admin, body: { option_groups: groups } });
      for (const res of [created, updated]) {
        expectErrorShape(res, 400, 'VALIDATION_FAILED');
        const details = res.body.error.details as { path: string; message: string }[];
        expect(details.some((d) => d.path.startsWith('option_groups.0.default_option_ids')), res.text).toBe(true);
        if (message) expect(details.map((d) => d.message)).toContain(message);
      }
    }
    expect((await call('GET', `/api/menu/items/category/${target.id}`)).body).toEqual([]);
    expect((await call('GET', `/api/menu/items/${item.id}`)).body).toEqual(before);
  });
});
