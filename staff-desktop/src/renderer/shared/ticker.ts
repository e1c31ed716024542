import { useSyncExternalStore } from 'react';

/**
 * One clock for every timer on the screen: a single interval. The board's few React readers
 * use `useNow`; the kitchen's 200 age labels use `onTick` and write their own text, so a tick
 * re-renders no component at all (see AgeLabel.tsx).
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

/** Calls `fn` after every tick of the shared clock; answers how to stop. */
export function onTick(fn: () => void): () => void {
  listeners.add(fn);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((listener) => listener());
  }, 1000);
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(onTick, () => now);
}
