import { startTransition, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { whenIdle } from '../../app/idle.ts';

/** Dishes that fill a phone's first screen, and a little more. */
const FIRST_SCREEN_ITEMS = 6;

/**
 * How many menu sections to render: first the ones that fill the first screen, then one more
 * per idle moment, each as a transition (React yields to input in between). Rendering all ~60
 * dishes (~600 elements) in the first task blocked the main thread for most of a second on a
 * slow phone (Lighthouse's total blocking time). `revealAll` renders the rest at once, for a
 * jump to a category further down.
 */
export function useRevealed(sectionSizes: number[]): { shown: number; revealAll: () => void } {
  const [revealed, setRevealed] = useState<number | null>(null);
  let firstScreen = 0;
  for (let items = 0; firstScreen < sectionSizes.length && items < FIRST_SCREEN_ITEMS; firstScreen += 1) items += sectionSizes[firstScreen] ?? 0;
  const shown = Math.min(sectionSizes.length, revealed ?? firstScreen);
  const total = sectionSizes.length;

  useEffect(() => {
    if (total === 0 || shown >= total) return;
    return whenIdle(() => startTransition(() => setRevealed(shown + 1)));
  }, [shown, total]);

  return { shown, revealAll: () => flushSync(() => setRevealed(Number.POSITIVE_INFINITY)) };
}
