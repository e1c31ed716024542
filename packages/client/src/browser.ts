import type { Session, SessionStore } from './tokens.ts';

type Listener = () => void;

/** What is used of Web Storage and the window (the package is type-checked without the DOM library). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
interface WindowLike {
  addEventListener?(type: string, fn: (event: { key?: string | null }) => void): void;
  removeEventListener?(type: string, fn: (event: { key?: string | null }) => void): void;
  navigator?: { onLine?: boolean };
}
const win = globalThis as unknown as WindowLike;

/** A session store that can be watched (React's useSyncExternalStore takes `subscribe` and `get`). */
export interface ObservableSessionStore extends SessionStore {
  subscribe(fn: Listener): () => void;
}

/**
 * The session in Web Storage under `key`: localStorage to stay signed in across restarts,
 * sessionStorage to end with the tab. Other tabs' changes to localStorage arrive as `storage` events.
 */
export function webStorageSessionStore(storage: StorageLike, key: string): ObservableSessionStore {
  const listeners = new Set<Listener>();
  let cached: Session | null | undefined;
  const read = (): Session | null => {
    try {
      return JSON.parse(storage.getItem(key) ?? 'null') as Session | null;
    } catch {
      return null;
    }
  };
  win.addEventListener?.('storage', (event) => {
    if (event.key !== key) return;
    cached = undefined;
    listeners.forEach((fn) => fn());
  });
  return {
    get: () => (cached === undefined ? (cached = read()) : cached),
    set(session) {
      cached = session;
      if (session) storage.setItem(key, JSON.stringify(session));
      else storage.removeItem(key);
      listeners.forEach((fn) => fn());
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/** The browser's online flag as a watchable value (`subscribe`, `get`). */
export const onlineStatus = {
  subscribe(fn: Listener): () => void {
    win.addEventListener?.('online', fn);
    win.addEventListener?.('offline', fn);
    return () => {
      win.removeEventListener?.('online', fn);
      win.removeEventListener?.('offline', fn);
    };
  },
  get: (): boolean => win.navigator?.onLine ?? true,
};
