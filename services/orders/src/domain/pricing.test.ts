import type { MenuItem } from '@canteen/contracts';
import { describe, expect, it } from 'vitest';
import { priceOrder } from './pricing.ts';

const dosa: MenuItem = {
  _id: 'a'.repeat(24),
  id: 'a'.repeat(24),
  name: 'Masala Dosa',
  description: '',
  category: 'South Indian',
  category_id: 'c'.repeat(24),
  price: 60,
  currency: 'INR',
  available: true,
  image_url: '',
  preparation_time: 8,
  station: 'stove',
  diet_tags: ['veg'],
  allergens: [],
  option_groups: [
    {
      id: 'spice',
      name: 'Spice level',
      min: 1,
      max: 1,
      options: [
        { id: 'mild', name: 'Mild', price_delta: 0, available: true },
        { id: 'hot', name: 'Hot', price_delta: 0, available: true },
      ],
      default_option_ids: [],
    },
    {
      id: 'add-ons',
      name: 'Add-ons',
      min: 0,
      max: 2,
      options: [
        { id: 'cheese', name: 'Extra cheese', price_delta: 10, available: true },
        { id: 'butter', name: 'Butter', price_delta: 7.5, available: true },
        { id: 'ghee', name: 'Ghee', price_delta: 15, available: false },
      ],
      default_option_ids: [],
    },
  ],
  stock: 5,
  created_at: '',
  updated_at: '',
};
const menu = new Map([[dosa.id, dosa]]);
const line = (overrides: Partial<Parameters<typeof priceOrder>[0][number]> = {}) => ({
  menu_item_id: dosa.id,
  quantity: 2,
  options: [{ group_id: 'spice', option_ids: ['hot'] }],
  ...overrides,
});

describe('pricing an order from the menu', () => {
  it('when options with deltas are chosen, then the unit price includes them and the total is exact in paise', () => {
    const result = priceOrder(
      [line({ options: [{ group_id: 'spice', option_ids: ['mild'] }, { group_id: 'add-ons', option_ids: ['cheese', 'butter'] }] })],
      menu,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lines[0]!.unitPriceMinor).toBe(6000 + 1000 + 750);
    expect(result.totalMinor).toBe(2 * 7750);
    expect(result.lines[0]!.options.map((o) => o.optionId)).toEqual(['mild', 'cheese', 'butter']);
    expect(result.lines[0]!.station).toBe('stove');
  });

  it('when a required group is left out, then it is refused as bad input', () => {
    const result = priceOrder([line({ options: [] })], menu);
    expect(result).toMatchObject({ ok: false, unknown: [{ path: 'items.0.options' }] });
  });

  it('when too many options of a group are chosen, then it is refused', () => {
    const result = priceOrder([line({ options: [{ group_id: 'spice', option_ids: ['mild', 'hot'] }] })], menu);
    expect(result.ok).toBe(false);
  });

  it('when an item, a group or an option does not exist, then each is named', () => {
    const result = priceOrder(
      [
        line({ menu_item_id: 'b'.repeat(24) }),
        line({ options: [{ group_id: 'spice', option_ids: ['hot'] }, { group_id: 'nope', option_ids: [] }] }),
        line({ options: [{ group_id: 'spice', option_ids: ['volcanic'] }] }),
      ],
      menu,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unknown.map((p) => p.path)).toEqual(['items.0.menu_item_id', 'items.1.options.1.group_id', 'items.2.options.0.option_ids']);
  });

  it('when an option is unavailable or the quantity exceeds the stock, then it is unavailable, not bad input', () => {
    const result = priceOrder(
      [line({ options: [{ group_id: 'spice', option_ids: ['hot'] }, { group_id: 'add-ons', option_ids: ['ghee'] }] }), line({ quantity: 6 })],
      menu,
    );
    expect(result).toMatchObject({ ok: false, unknown: [], unavailable: [{ path: 'items.0.options.1' }, { path: 'items.1.quantity' }] });
  });

  it('when the item is sold out, then the order is refused as unavailable', () => {
    const result = priceOrder([line()], new Map([[dosa.id, { ...dosa, available: false }]]));
    expect(result).toMatchObject({ ok: false, unavailable: [{ message: 'Masala Dosa is sold out' }] });
  });

  describe('option defaults', () => {
    /** The dosa with defaults: spice defaults to hot; add-ons default to cheese (₹10). */
    const withDefaults = (spice: string[], addOns: string[] = []): Map<string, MenuItem> => {
      const [spiceGroup, addOnGroup] = dosa.option_groups;
      const item = {
        ...dosa,
        option_groups: [
          { ...spiceGroup!, default_option_ids: spice },
          { ...addOnGroup!, default_option_ids: addOns },
        ],
      };
      return new Map([[item.id, item]]);
    };

    it('when a line names no options, then every group with defaults gets them and their deltas are priced', () => {
      const result = priceOrder([line({ options: [] })], withDefaults(['hot'], ['cheese']));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.lines[0]!.options.map((o) => [o.groupId, o.optionId])).toEqual([
        ['spice', 'hot'],
        ['add-ons', 'cheese'],
      ]);
      expect(result.lines[0]!.unitPriceMinor).toBe(6000 + 1000);
      expect(result.totalMinor).toBe(2 * 7000);
    });

    it('when a line names a group, then its choice wins over the defaults, and the other groups still get theirs', () => {
      const result = priceOrder(
        [line({ options: [{ group_id: 'add-ons', option_ids: ['butter'] }] }), line({ options: [{ group_id: 'add-ons', option_ids: [] }] })],
        withDefaults(['mild'], ['cheese']),
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.lines.map((l) => l.options.map((o) => o.optionId))).toEqual([['butter', 'mild'], ['mild']]);
      expect(result.lines.map((l) => l.unitPriceMinor)).toEqual([6000 + 750, 6000]);
    });

    it('when a required group has no defaults and the line names nothing, then only that group is refused', () => {
      const result = priceOrder([line({ options: [] })], withDefaults([], ['cheese']));
      expect(result).toMatchObject({ ok: false, unknown: [{ path: 'items.0.options', message: 'choose 1 of Spice level' }], unavailable: [] });
    });

    it('when a default option is no longer available, then the line is refused as unavailable, naming it', () => {
      const result = priceOrder([line({ options: [] })], withDefaults(['hot'], ['ghee']));
      expect(result).toMatchObject({ ok: false, unknown: [], unavailable: [{ path: 'items.0.options', message: 'Ghee is not available' }] });
    });
  });
});
