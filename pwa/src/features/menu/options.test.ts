import { describe, expect, it } from 'vitest';
import type { MenuItem, OptionGroup } from '@canteen/contracts';
import { initialSelection, missingGroups, ruleText, toggleOption, unitPrice } from './options.ts';

const opt = (id: string, price_delta = 0, available = true) => ({ id, name: id, price_delta, available });
const spice: OptionGroup = { id: 'spice', name: 'Spice level', min: 1, max: 1, options: [opt('mild'), opt('hot')], default_option_ids: [] };
const extras: OptionGroup = { id: 'extras', name: 'Extras', min: 0, max: 2, options: [opt('cheese', 20), opt('butter', 10), opt('egg', 15)], default_option_ids: [] };
const sides: OptionGroup = { id: 'sides', name: 'Sides', min: 2, max: 3, options: [opt('a'), opt('b'), opt('c'), opt('d')], default_option_ids: [] };

describe('option groups in the item sheet', () => {
  it('when the sheet opens, then a one-of required group has its first available choice and the others none', () => {
    const firstGone: OptionGroup = { ...spice, options: [opt('mild', 0, false), opt('hot')] };
    expect(initialSelection([firstGone, extras])).toEqual({ spice: ['hot'], extras: [] });
  });

  it('when the kitchen named defaults, then the sheet opens on them (unless sold out)', () => {
    const medium: OptionGroup = { ...spice, options: [opt('mild'), opt('medium'), opt('hot')], default_option_ids: ['medium'] };
    const withButter: OptionGroup = { ...extras, default_option_ids: ['butter'] };
    expect(initialSelection([medium, withButter])).toEqual({ spice: ['medium'], extras: ['butter'] });
    const mediumGone: OptionGroup = { ...medium, options: [opt('mild'), opt('medium', 0, false), opt('hot')] };
    expect(initialSelection([mediumGone])).toEqual({ spice: ['mild'] });
  });

  it('when a group allows two, then a third pick is ignored until one is dropped', () => {
    let selection = initialSelection([extras]);
    for (const id of ['cheese', 'butter', 'egg']) selection = toggleOption(selection, extras, id);
    expect(selection.extras).toEqual(['cheese', 'butter']);
    selection = toggleOption(toggleOption(selection, extras, 'cheese'), extras, 'egg');
    expect(selection.extras).toEqual(['butter', 'egg']);
  });

  it('when a required one-of choice is tapped again, then it stays chosen', () => {
    const selection = toggleOption(initialSelection([spice]), spice, 'mild');
    expect(selection.spice).toEqual(['mild']);
  });

  it('when fewer than min are chosen, then the group is named as missing', () => {
    const selection = toggleOption(initialSelection([sides]), sides, 'a');
    expect(missingGroups([sides], selection).map((g) => g.id)).toEqual(['sides']);
    expect(missingGroups([sides], toggleOption(selection, sides, 'b'))).toEqual([]);
  });

  it('when options cost extra, then the unit price adds their deltas in paise without float dust', () => {
    const item = { price: 40.1, option_groups: [extras] } as unknown as MenuItem;
    expect(unitPrice(item, { extras: ['cheese', 'butter'] })).toBe(70.1);
  });

  it('when the rule is shown, then it is said in words', () => {
    expect([spice, extras, sides].map(ruleText)).toEqual(['Choose 1', 'Up to 2', 'Choose 2–3']);
  });
});
