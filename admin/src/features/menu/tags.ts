import type { MenuItem } from '@canteen/contracts';

/**
 * The menu's fixed lists, as the contracts define them. Copied as plain values because importing
 * the contracts' constants would bundle zod (~90 kB) into the panel; the checks below fail the
 * build when the contracts add or drop a value.
 */
type Station = MenuItem['station'];
type DietTag = MenuItem['diet_tags'][number];
type Allergen = MenuItem['allergens'][number];

export const STATIONS = ['grill', 'fryer', 'stove', 'tandoor', 'cold', 'drinks', 'bakery', 'counter'] as const satisfies readonly Station[];
export const DIET_TAGS = ['veg', 'non-veg', 'vegan', 'jain', 'egg', 'gluten-free', 'spicy', 'high-protein'] as const satisfies readonly DietTag[];
export const ALLERGENS = ['gluten', 'dairy', 'nuts', 'peanuts', 'soy', 'egg', 'fish', 'shellfish', 'sesame', 'mustard'] as const satisfies readonly Allergen[];

type Exhaustive<All, Listed> = [All] extends [Listed] ? true : never;
const complete: [Exhaustive<Station, (typeof STATIONS)[number]>, Exhaustive<DietTag, (typeof DIET_TAGS)[number]>, Exhaustive<Allergen, (typeof ALLERGENS)[number]>] = [true, true, true];
void complete;
