/**
 * The menu fetched again (on every /ws reconnect, back online) is mostly the menu in hand: the
 * entries that did not change keep their objects, and the list itself is kept when nothing
 * changed, so React's memoised dish cards are not rendered again and the page is not laid out
 * again (a whole menu's re-render was the longest task after the first load).
 */
export function keepUnchanged<T extends { id: string }>(previous: readonly T[], next: readonly T[]): readonly T[] {
  const before = new Map(previous.map((entry) => [entry.id, entry]));
  let same = previous.length === next.length;
  const kept = next.map((entry, index) => {
    const old = before.get(entry.id);
    if (!old || JSON.stringify(old) !== JSON.stringify(entry)) {
      same = false;
      return entry;
    }
    if (previous[index] !== old) same = false;
    return old;
  });
  return same ? previous : kept;
}
