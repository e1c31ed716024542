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
