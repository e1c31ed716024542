import { describe, expect, it } from 'vitest';
import { changedAnnouncedFields, fromMinor, newMenuId, normalizeItem, optionDefaultProblems, slugIds, toMinor, type MenuItemRecord, type OptionGroupRecord } from './menu.ts';

const item = (overrides: Partial<MenuItemRecord> = {}): MenuItemRecord => ({
  id: 'a'.repeat(24),
  name: 'Masala Dosa',
  description: 'Crisp',
  categoryId: 'b'.repeat(24),
  priceMinor: 6000,
  available: true,
  imageUrl: '',
  preparationTime: 8,
  station: 'stove',
  dietTags: ['veg'],
  allergens: [],
  optionGroups: [],
  stock: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe('menu domain', () => {
  it('when amounts convert to minor units and back, then paise are exact', () => {
    expect(toMinor(12.5)).toBe(1250);
    expect(toMinor(0.1 + 0.2)).toBe(30);
    expect(fromMinor(1999)).toBe(19.99);
  });

  it('when stock is 0, then the item is not available whatever was asked', () => {
    expect(normalizeItem(item({ stock: 0, available: true })).available).toBe(false);
    expect(normalizeItem(item({ stock: 3, available: true })).available).toBe(true);
    expect(normalizeItem(item({ stock: null, available: false })).available).toBe(false);
  });

  it('when option names repeat or ids are missing, then ids are made unique and given ids are kept', () => {
    const ids = slugIds([{ name: 'Extra Cheese' }, { name: 'extra cheese!' }, { id: 'keep-me', name: 'X' }, { name: '₹₹' }]);
    expect(ids.map((entry) => entry.id)).toEqual(['extra-cheese', 'extra-cheese-2', 'keep-me', 'option']);
  });

  it('when an update changes only the description, then no announced field changed', () => {
    expect(changedAnnouncedFields(item(), item({ description: 'Crisper' }))).toEqual([]);
  });

  it('when price, stock and availability change, then all three are named in API terms', () => {
    const fields = changedAnnouncedFields(item(), item({ priceMinor: 6500, stock: 0, available: false }));
    expect(fields.sort()).toEqual(['available', 'price', 'stock']);
  });

  it('when an id is made, then it has the ObjectId format and starts with the time', () => {
    const id = newMenuId(new Date(0x6000_0000 * 1000));
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(id.slice(0, 8)).toBe('60000000');
    expect(newMenuId()).not.toBe(newMenuId());
  });
});

describe('option defaults', () => {
  const group = (overrides: Partial<OptionGroupRecord> = {}): OptionGroupRecord => ({
    id: 'size',
    name: 'Size',
    min: 1,
    max: 2,
    options: [
      { id: 'half', name: 'Half', priceDeltaMinor: 0, available: true },
      { id: 'full', name: 'Full', priceDeltaMinor: 2000, available: true },
      { id: 'family', name: 'Family', priceDeltaMinor: 5000, available: false },
    ],
    defaultOptionIds: ['half'],
    ...overrides,
  });

  it('when the defaults are options of the group, between min and max, then there is no problem; none at all is fine too', () => {
    expect(optionDefaultProblems([group(), group({ defaultOptionIds: ['half', 'family'] }), group({ defaultOptionIds: [] })])).toEqual([]);
  });

  it('when a default is not an option of its group, then it is named with the group\'s path', () => {
    expect(optionDefaultProblems([group(), group({ defaultOptionIds: ['quarter'] })])).toEqual([
      { path: 'option_groups.1.default_option_ids', message: 'Size has no option quarter' },
    ]);
  });

  it('when the defaults are fewer than min or more than max, or one is named twice, then each is a problem', () => {
    const problems = optionDefaultProblems([
      group({ min: 2, max: 2, defaultOptionIds: ['half'] }),
      group({ defaultOptionIds: ['half', 'full', 'family'] }),
      group({ defaultOptionIds: ['full', 'full'] }),
    ]);
    expect(problems).toEqual([
      { path: 'option_groups.0.default_option_ids', message: 'Size takes 2 options; 1 are named' },
      { path: 'option_groups.1.default_option_ids', message: 'Size takes 1 to 2 options; 3 are named' },
      { path: 'option_groups.2.default_option_ids', message: 'an option is named twice' },
    ]);
  });
});
