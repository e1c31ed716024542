import type { Category, MenuItem } from '@canteen/contracts';
import { fromMinor, type CategoryRecord, type MenuItemRecord } from '../domain/menu.ts';

/** The API's shape of an item: the original's snake_case fields (and `_id`), plus ours. */
export function toItemView(item: MenuItemRecord, categoryName: string, currency: string): MenuItem {
  return {
    _id: item.id,
    id: item.id,
    name: item.name,
    description: item.description,
    category: categoryName,
    category_id: item.categoryId,
    price: fromMinor(item.priceMinor),
    currency,
    available: item.available,
    image_url: item.imageUrl,
    preparation_time: item.preparationTime,
    station: item.station as MenuItem['station'],
    diet_tags: item.dietTags as MenuItem['diet_tags'],
    allergens: item.allergens as MenuItem['allergens'],
    option_groups: item.optionGroups.map((group) => ({
      id: group.id,
      name: group.name,
      min: group.min,
      max: group.max,
      options: group.options.map((option) => ({
        id: option.id,
        name: option.name,
        price_delta: fromMinor(option.priceDeltaMinor),
        available: option.available,
      })),
      default_option_ids: [...group.defaultOptionIds],
    })),
    stock: item.stock,
    created_at: item.createdAt.toISOString(),
    updated_at: item.updatedAt.toISOString(),
  };
}

export function toCategoryView(category: CategoryRecord, itemCount: number): Category {
  return {
    _id: category.id,
    id: category.id,
    name: category.name,
    description: category.description,
    display_order: category.displayOrder,
    active: category.active,
    item_count: itemCount,
    created_at: category.createdAt.toISOString(),
    updated_at: category.updatedAt.toISOString(),
  };
}
