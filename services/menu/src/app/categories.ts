import type { Category, CreateCategory, UpdateCategory } from '@canteen/contracts';
import { AppError, conflict, notFound } from '@canteen/service-kit';
import { DuplicateCategoryError } from '../store/menu.store.ts';
import type { MenuDeps } from './deps.ts';
import { itemChangedEvents } from './item-events.ts';
import { toCategoryView } from './views.ts';

const duplicate = (err: DuplicateCategoryError) => conflict(err.message, 'CATEGORY_EXISTS');

export async function listCategories(deps: MenuDeps, includeInactive: boolean): Promise<Category[]> {
  const [categories, counts] = await Promise.all([
    deps.store.listCategories({ includeInactive }),
    deps.store.countItemsByCategory(),
  ]);
  return categories.map((category) => toCategoryView(category, counts.get(category.id) ?? 0));
}

export async function createCategory(deps: MenuDeps, input: CreateCategory): Promise<Category> {
  try {
    const category = await deps.store.createCategory({
      name: input.name,
      description: input.description,
      displayOrder: input.display_order,
      active: input.active,
    });
    return toCategoryView(category, 0);
  } catch (err) {
    if (err instanceof DuplicateCategoryError) throw duplicate(err);
    throw err;
  }
}

export async function updateCategory(deps: MenuDeps, id: string, input: UpdateCategory): Promise<Category> {
  try {
    const patch: Parameters<MenuDeps['store']['updateCategory']>[1] = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.display_order !== undefined) patch.displayOrder = input.display_order;
    if (input.active !== undefined) patch.active = input.active;
    const category = await deps.store.updateCategory(id, patch);
    if (!category) throw notFound('Category not found');
    const counts = await deps.store.countItemsByCategory();
    return toCategoryView(category, counts.get(category.id) ?? 0);
  } catch (err) {
    if (err instanceof DuplicateCategoryError) throw duplicate(err);
    throw err;
  }
}

/** Refused while the category has items, unless the admin asks for them to go too. */
export async function deleteCategory(deps: MenuDeps, id: string, cascade: boolean): Promise<void> {
  const outcome = await deps.store.deleteCategory(id, { cascade, events: itemChangedEvents });
  if (outcome === 'not_found') throw notFound('Category not found');
  if (outcome === 'has_items') {
    throw new AppError(409, 'CATEGORY_NOT_EMPTY', 'The category still has items; move or delete them, or pass ?cascade=true');
  }
  if (cascade) deps.eventsWritten();
}
