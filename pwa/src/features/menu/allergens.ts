import type { MenuItem } from '@canteen/contracts';

type Allergen = MenuItem['allergens'][number];

/** The words a student reads on the chips ("hide dishes containing peanuts"). */
const LABELS: Record<Allergen, string> = {
  gluten: 'Gluten',
  dairy: 'Dairy',
  nuts: 'Tree nuts',
  peanuts: 'Peanuts',
  soy: 'Soy',
  egg: 'Egg',
  fish: 'Fish',
  shellfish: 'Shellfish',
  sesame: 'Sesame',
  mustard: 'Mustard',
};
export const allergenLabel = (allergen: string): string => LABELS[allergen as Allergen] ?? allergen;

/** The allergens today's menu names, in a fixed order (so the chips do not jump as dishes sell out). */
export function menuAllergens(items: readonly MenuItem[]): Allergen[] {
  const named = new Set(items.flatMap((item) => item.allergens));
  return (Object.keys(LABELS) as Allergen[]).filter((allergen) => named.has(allergen));
}

/** A dish stays on the menu only if it contains none of the allergens the student hides. */
export const freeOf = (item: MenuItem, hidden: readonly string[]): boolean => !hidden.some((allergen) => item.allergens.includes(allergen as Allergen));

/**
 * What the student hides is remembered on this phone (it rarely changes: an allergy does not
 * go away between two visits). localStorage: small, synchronous, read before the first paint.
 */
const KEY = 'canteen.menu.hide-allergens';
interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadHiddenAllergens(storage: StorageLike | undefined = globalThis.localStorage): string[] {
  try {
    const saved: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(saved) ? saved.filter((value): value is string => typeof value === 'string' && value in LABELS) : [];
  } catch {
    return [];
  }
}

export function saveHiddenAllergens(hidden: readonly string[], storage: StorageLike | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(hidden));
  } catch {
    // Private mode or a full quota: the filter still works for this visit.
  }
}
