import type { CreateMenuItem, MenuItem, UpdateMenuItem } from '@canteen/contracts';
import { AppError, notFound, validationFailed } from '@canteen/service-kit';
import {
  normalizeItem,
  optionDefaultProblems,
  slugIds,
  toMinor,
  type CategoryRecord,
  type MenuItemRecord,
  type OptionGroupRecord,
} from '../domain/menu.ts';
import { UnknownCategoryError, type ItemFilter } from '../store/menu.store.ts';
import type { MenuDeps } from './deps.ts';
import { itemChangedEvents } from './item-events.ts';
import { toItemView } from './views.ts';

type OptionGroupsInput = NonNullable<UpdateMenuItem['option_groups']>;

function toOptionGroups(groups: OptionGroupsInput): OptionGroupRecord[] {
  return slugIds(groups).map((group) => ({
    id: group.id,
    name: group.name,
    min: group.min,
    max: group.max,
    options: slugIds(group.options).map((option) => ({
      id: option.id,
      name: option.name,
      priceDeltaMinor: toMinor(option.price_delta),
      available: option.available,
    })),
    defaultOptionIds: group.default_option_ids,
  }));
}

/** The groups as stored, or a 400 naming each default that does not fit its group. */
function validOptionGroups(groups: OptionGroupsInput): OptionGroupRecord[] {
  const records = toOptionGroups(groups);
  const problems = optionDefaultProblems(records);
  if (problems.length) throw validationFailed(problems);
  return records;
}

/** An item names its category by id or, as in the original API, by name; either must exist. */
async function resolveCategory(
  deps: MenuDeps,
  input: { category?: string | undefined; category_id?: string | undefined },
): Promise<CategoryRecord> {
  const category = input.category_id
    ? await deps.store.getCategory(input.category_id)
    : input.category
      ? // The seed's API document passes the category's id in `category`: a name first, then an id.
        ((await deps.store.findCategoryByName(input.category)) ?? (await deps.store.getCategory(input.category)))
      : undefined;
  if (!category) throw validationFailed([{ path: input.category_id ? 'category_id' : 'category', message: 'no such category' }]);
  return category;
}

/** The category vanished between our check and the write (a concurrent delete). */
function unknownCategory(err: unknown): never {
  if (err instanceof UnknownCategoryError) throw validationFailed([{ path: 'category', message: 'no such category' }]);
  throw err;
}

async function categoryNames(deps: MenuDeps): Promise<Map<string, CategoryRecord>> {
  const categories = await deps.store.listCategories({ includeInactive: true });
  return new Map(categories.map((category) => [category.id, category]));
}

async function view(deps: MenuDeps, item: MenuItemRecord): Promise<MenuItem> {
  const category = await deps.store.getCategory(item.categoryId);
  return toItemView(item, category?.name ?? '', deps.currency);
}

export interface ItemQuery {
  category?: string | undefined;
  categoryId?: string | undefined;
  available?: string | undefined;
  station?: string | undefined;
  diet?: string | undefined;
  q?: string | undefined;
}

export async function listItems(deps: MenuDeps, query: ItemQuery): Promise<MenuItem[]> {
  const categories = await categoryNames(deps);
  const filter: ItemFilter = {};
  if (query.categoryId) filter.categoryId = query.categoryId;
  else if (query.category) {
    const wanted = query.category.toLowerCase();
    const match = [...categories.values()].find((c) => c.name.toLowerCase() === wanted);
    // An unknown category name filters everything out, as the original did.
    if (!match) return [];
    filter.categoryId = match.id;
  }
  // The original's rule: present and "true" → available only; present and anything else → unavailable only.
  if (query.available !== undefined) filter.available = query.available === 'true';
  if (query.station) filter.station = query.station;
  if (query.diet) filter.diet = query.diet;
  if (query.q) filter.q = query.q;
  const items = await deps.store.listItems(filter);
  return items.map((item) => toItemView(item, categories.get(item.categoryId)?.name ?? '', deps.currency));
}

export async function listItemsOfCategory(deps: MenuDeps, categoryId: string, query: ItemQuery): Promise<MenuItem[]> {
  if (!(await deps.store.getCategory(categoryId))) throw notFound('Category not found');
  return listItems(deps, { ...query, category: undefined, categoryId });
}

export async function getItem(deps: MenuDeps, id: string): Promise<MenuItem> {
  const item = await deps.store.getItem(id);
  if (!item) throw notFound('Menu item not found');
  return view(deps, item);
}

export async function createItem(deps: MenuDeps, input: CreateMenuItem): Promise<MenuItem> {
  const category = await resolveCategory(deps, input);
  const item = await deps.store.createItem(
    normalizeItem({
      name: input.name,
      description: input.description,
      categoryId: category.id,
      priceMinor: toMinor(input.price),
      available: input.available,
      imageUrl: input.image_url,
      preparationTime: input.preparation_time,
      station: input.station,
      dietTags: [...new Set(input.diet_tags)],
      allergens: [...new Set(input.allergens)],
      optionGroups: validOptionGroups(input.option_groups),
      stock: input.stock,
    }),
    itemChangedEvents,
  ).catch(unknownCategory);
  deps.eventsWritten();
  return toItemView(item, category.name, deps.currency);
}

export async function updateItem(deps: MenuDeps, id: string, input: UpdateMenuItem): Promise<MenuItem> {
  const category = input.category_id || input.category ? await resolveCategory(deps, input) : undefined;
  const optionGroups = input.option_groups === undefined ? undefined : validOptionGroups(input.option_groups);
  const result = await deps.store.updateItem(
    id,
    (current) => {
      const next: MenuItemRecord = { ...current, updatedAt: deps.now() };
      if (input.name !== undefined) next.name = input.name;
      if (input.description !== undefined) next.description = input.description;
      if (category) next.categoryId = category.id;
      if (input.price !== undefined) next.priceMinor = toMinor(input.price);
      if (input.available !== undefined) next.available = input.available;
      if (input.image_url !== undefined) next.imageUrl = input.image_url;
      if (input.preparation_time !== undefined) next.preparationTime = input.preparation_time;
      if (input.station !== undefined) next.station = input.station;
      if (input.diet_tags !== undefined) next.dietTags = [...new Set(input.diet_tags)];
      if (input.allergens !== undefined) next.allergens = [...new Set(input.allergens)];
      if (optionGroups !== undefined) next.optionGroups = optionGroups;
      if (input.stock !== undefined) {
        next.stock = input.stock;
        // Restocking a sold-out item puts it back on sale unless availability was set too.
        if (current.stock === 0 && input.stock !== null && input.stock > 0 && input.available === undefined) {
          next.available = true;
        }
      }
      if (next.stock === 0 && input.available === true) {
        throw new AppError(409, 'OUT_OF_STOCK', 'The item has no stock left; set a stock count to make it available');
      }
      return normalizeItem(next);
    },
    itemChangedEvents,
  ).catch(unknownCategory);
  if (!result) throw notFound('Menu item not found');
  deps.eventsWritten();
  return view(deps, result.after);
}

export async function deleteItem(deps: MenuDeps, id: string): Promise<void> {
  const deleted = await deps.store.deleteItem(id, itemChangedEvents);
  if (!deleted) throw notFound('Menu item not found');
  deps.eventsWritten();
}

export async function setItemImage(deps: MenuDeps, id: string, imageUrl: string): Promise<MenuItem> {
  return updateItem(deps, id, { image_url: imageUrl });
}
