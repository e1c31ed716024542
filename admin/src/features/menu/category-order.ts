import type { Category } from '@canteen/contracts';

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
