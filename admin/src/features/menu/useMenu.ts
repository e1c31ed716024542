import { useCallback } from 'react';
import type { Category, MenuItem } from '@canteen/contracts';
import { useLoad } from '../../app/hooks.ts';
import { api } from '../../app/services.ts';

export interface MenuData {
  categories: Category[];
  items: MenuItem[];
}

/** Categories (inactive ones too) and every item, loaded together; changes patch them in place. */
export function useMenu() {
  const loaded = useLoad<MenuData>(async () => {
    const [categories, items] = await Promise.all([api.categories(), api.items()]);
    return { categories: [...categories].sort((a, b) => a.display_order - b.display_order || a.name.localeCompare(b.name)), items };
  }, []);
  const { data, set } = loaded;

  const putItem = useCallback(
    (item: MenuItem) => {
      if (!data) return;
      const exists = data.items.some((other) => other.id === item.id);
      set({ ...data, items: exists ? data.items.map((other) => (other.id === item.id ? item : other)) : [...data.items, item] });
    },
    [data, set],
  );
  return { ...loaded, putItem };
}

/**
 * The updates that move one category up or down: the list is renumbered 10, 20, 30… in its new
 * order (equal orders, which the seed has, would otherwise not move), and only the categories
 * whose number changes are sent. Empty when it cannot move that way.
 */
export function reorderUpdates(categories: readonly Category[], index: number, direction: -1 | 1): { category: Category; display_order: number }[] {
  const other = index + direction;
  if (index < 0 || other < 0 || index >= categories.length || other >= categories.length) return [];
  const next = [...categories];
  [next[index], next[other]] = [next[other]!, next[index]!];
  return next.map((category, i) => ({ category, display_order: (i + 1) * 10 })).filter(({ category, display_order }) => category.display_order !== display_order);
}
