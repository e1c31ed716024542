import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Session } from '@canteen/client';
import type { CanteenDb } from '../offline/db.ts';
import { afterFirstPaint } from './idle.ts';
import { getDb, live, onLiveState, sessions, storedDb } from './services.ts';

export function useSession(): Session | null {
  return useSyncExternalStore(sessions.subscribe, sessions.get);
}

/** False for the moment it takes to read the stored session at start (no "Sign in" flashes up meanwhile). */
export function useSessionKnown(): boolean {
  return useSyncExternalStore(sessions.subscribe, () => sessions.loaded);
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (fn) => {
      window.addEventListener('online', fn);
      window.addEventListener('offline', fn);
      return () => {
        window.removeEventListener('online', fn);
        window.removeEventListener('offline', fn);
      };
    },
    () => navigator.onLine,
  );
}

export function useLiveState() {
  return useSyncExternalStore(onLiveState, () => live.state);
}

/**
 * A Dexie query kept up to date as IndexedDB changes (in this tab or another). Undefined until
 * the page has painted and gone idle: Dexie (~30 KB gzipped) is then fetched and run, off the
 * first screen's critical path (the cart bar can appear a moment after the menu). With
 * `ifStored`, it stays undefined while this browser has no database yet (see storedDb).
 */
export function useDexie<T>(query: (db: CanteenDb) => Promise<T>, deps: unknown[] = [], { ifStored = false } = {}): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let cancelled = false;
    void afterFirstPaint
      .then(() => (ifStored ? storedDb() : getDb()))
      .then((db) => Promise.all([db, import('../offline/db.ts')]))
      .then(([db, { liveQuery }]) => {
        if (cancelled) return;
        const subscription = liveQuery(() => query(db)).subscribe({ next: setValue, error: () => undefined });
        unsubscribe = () => subscription.unsubscribe();
      });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
