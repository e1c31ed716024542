import type { Category, MenuItem } from '@canteen/contracts';
import { describe, expect, it } from 'vitest';
import { reorderUpdates } from './category-order.ts';
import { bodyOf, formOf } from './item-form.ts';

const category = (id: string, display_order: number) => ({ id, name: id, display_order }) as Category;

describe('reorderUpdates', () => {
  it('when a category moves up, then the list is renumbered in the new order and only changed ones are sent', () => {
    const list = [category('a', 10), category('b', 20), category('c', 30)];
    expect(reorderUpdates(list, 2, -1).map(({ category: c, display_order }) => [c.id, display_order])).toEqual([
      ['c', 20],
      ['b', 30],
    ]);
  });
  it('when orders tie (as the seed has), then moving still swaps them; past either end nothing is sent', () => {
    const list = [category('a', 1), category('b', 1)];
    expect(reorderUpdates(list, 0, 1).map(({ category: c, display_order }) => [c.id, display_order])).toEqual([
      ['b', 10],
      ['a', 20],
    ]);
    expect(reorderUpdates(list, 0, -1)).toEqual([]);
    expect(reorderUpdates(list, 1, 1)).toEqual([]);
  });
});

describe('item form', () => {
  const item = {
    id: 'i1', name: 'Dosa', description: 'crisp', category_id: 'c1', price: 60, preparation_time: 8, station: 'stove', diet_tags: ['veg'], allergens: [],
    available: true, stock: null, image_url: '',
    option_groups: [{ id: 'size', name: 'Size', min: 1, max: 1, default_option_ids: ['reg', 'gone'], options: [{ id: 'reg', name: 'Regular', price_delta: 0, available: true }] }],
  } as unknown as MenuItem;

  it('when a dish is edited and sent back, then numbers are numbers, ids are kept and defaults only name options that remain', () => {
    const form = formOf(item, [], null);
    form.price = '65.5';
    form.countStock = true;
    form.stock = '12';
    form.option_groups[0]!.options.push({ name: 'Large', price_delta: '20', available: true, isDefault: false });
    expect(bodyOf(form)).toMatchObject({
      price: 65.5,
      stock: 12,
      preparation_time: 8,
      option_groups: [{ id: 'size', min: 1, max: 1, default_option_ids: ['reg'], options: [{ id: 'reg', price_delta: 0 }, { name: 'Large', price_delta: 20 }] }],
    });
  });

  it('when a new option is made the default, then it is sent with an id from its name that no other option of the group holds', () => {
    const form = formOf(item, [], null);
    const [regular] = form.option_groups[0]!.options;
    regular!.isDefault = false;
    form.option_groups[0]!.options.push({ name: 'Reg!', price_delta: '0', available: true, isDefault: false });
    form.option_groups[0]!.options.push({ id: 'reg-2', name: 'Regular two', price_delta: '0', available: true, isDefault: false });
    form.option_groups[0]!.options[1]!.isDefault = true;
    expect(bodyOf(form).option_groups![0]).toMatchObject({ default_option_ids: ['reg-3'], options: [{ id: 'reg' }, { id: 'reg-3', name: 'Reg!' }, { id: 'reg-2' }] });
  });

  it('when a number field is empty or not a number, then it is sent as NaN (null in JSON) so the API names that field', () => {
    const form = formOf(null, [category('c1', 10)], null);
    form.name = 'New';
    expect(form.category_id).toBe('c1');
    expect(Number.isNaN(bodyOf(form).price)).toBe(true);
    expect(JSON.parse(JSON.stringify(bodyOf(form))).price).toBeNull();
    expect(bodyOf(form).stock).toBeNull();
  });
});
