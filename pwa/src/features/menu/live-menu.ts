import { useSyncExternalStore } from 'react';
import type { MenuItem } from '@canteen/contracts';
import { onLiveMessage } from '../../app/services.ts';
import { isMenuUpdate } from './menu-patch.ts';

/**
 * Which dishes cannot be ordered now, kept by the menu hook and by every `menu_update`, so the
 * cart can flag a line whose dish just sold out even when the menu screen is not open.
 */
let unorderable: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const publish = (next: ReadonlySet<string>) => {
  unorderable = next;
  listeners.forEach((fn) => fn());
};

export function noteMenu(items: readonly MenuItem[]): void {
  publish(new Set(items.filter((item) => !item.available).map((item) => item.id)));
}

onLiveMessage((message) => {
  if (!isMenuUpdate(message)) return;
  const { item_id: id, available, change } = message.data;
  const gone = change === 'deleted' || !available;
  if (gone === unorderable.has(id)) return;
  const next = new Set(unorderable);
  if (gone) next.add(id);
  else next.delete(id);
  publish(next);
});

export function useUnorderable(): ReadonlySet<string> {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => unorderable,
  );
}
