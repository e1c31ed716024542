import { describe, expect, it } from 'vitest';
import type { MenuItem } from '@canteen/contracts';
import { freeOf, loadHiddenAllergens, menuAllergens, saveHiddenAllergens } from './allergens.ts';

const dish = (id: string, allergens: MenuItem['allergens']) => ({ id, name: id, allergens }) as MenuItem;
const memory = () => {
  const data = new Map<string, string>();
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
};

describe('the menu allergen filter', () => {
  it('when the menu names some allergens, then the chips offer those only, in a fixed order', () => {
    const items = [dish('kulfi', ['nuts', 'dairy']), dish('dosa', []), dish('parotta', ['gluten', 'dairy'])];
    expect(menuAllergens(items)).toEqual(['gluten', 'dairy', 'nuts']);
  });

  it('when dairy and nuts are hidden, then only dishes with neither stay', () => {
    const items = [dish('kulfi', ['nuts', 'dairy']), dish('dosa', []), dish('parotta', ['gluten']), dish('lassi', ['dairy'])];
    expect(items.filter((item) => freeOf(item, ['dairy', 'nuts'])).map((item) => item.id)).toEqual(['dosa', 'parotta']);
    expect(items.filter((item) => freeOf(item, [])).length).toBe(4);
  });

  it('when the choice is saved, then the next visit reads it back; garbage or unknown names read as none', () => {
    const storage = memory();
    expect(loadHiddenAllergens(storage)).toEqual([]);
    saveHiddenAllergens(['peanuts', 'sesame'], storage);
    expect(loadHiddenAllergens(storage)).toEqual(['peanuts', 'sesame']);
    storage.setItem('canteen.menu.hide-allergens', '{not json');
    expect(loadHiddenAllergens(storage)).toEqual([]);
    storage.setItem('canteen.menu.hide-allergens', JSON.stringify(['peanuts', 'plutonium', 3]));
    expect(loadHiddenAllergens(storage)).toEqual(['peanuts']);
  });
});
