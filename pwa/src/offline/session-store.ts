import type { ObservableSessionStore, Session } from '@canteen/client';

/**
 * The signed-in session (tokens and who) in IndexedDB, where the service worker can read it
 * too: Background Sync replays the outbox with no page open, refreshing the token first.
 * localStorage, where it lived before, does not exist in a worker.
 *
 * Raw IndexedDB, not Dexie: the page reads the session at start, and Dexie (~30 KB gzipped)
 * stays off the first load. A database of its own, so Dexie's versions of `canteen` never meet it.
 * IndexedDB is per origin (no other site reads it, as with localStorage); nothing here logs a token.
 *
 * Reads are synchronous for the client and React (`get`), from a copy loaded at start
 * (`ready`) and reloaded when another context writes: tabs and the worker tell each other on a
 * BroadcastChannel, and a refresh reloads it under the shared lock (see the client's refresh).
 */
const DB_NAME = 'canteen-session';
const STORE = 'session';
const KEY = 'current';
const CHANNEL = 'canteen-session';

export interface SharedSessionStore extends ObservableSessionStore {
  /** Whether the stored session has been read once (until then `get()` says null). */
  readonly loaded: boolean;
  /** Settles when the stored session has been read once. */
  readonly ready: Promise<void>;
  reload(): Promise<void>;
  set(session: Session | null): Promise<void>;
  /** Closes the database and the channel (tests). */
  close(): void;
}

export function indexedDbSessionStore(factory: IDBFactory = indexedDB): SharedSessionStore {
  let opening: Promise<IDBDatabase> | null = null;
  const open = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME);
      // Created on first use; also made if someone opened the database bare before (version 1, no store).
      const upgrade = (db: IDBDatabase) => {
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
      };
      const use = (db: IDBDatabase) => {
        // Another context upgrading the database: let it, and open again on the next use.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(STORE)) {
          const next = db.version + 1;
          db.close();
          const again = factory.open(DB_NAME, next);
          again.onupgradeneeded = () => upgrade(again.result);
          again.onsuccess = () => use(again.result);
          again.onerror = () => reject(again.error ?? new Error('IndexedDB refused to open'));
          return;
        }
        use(db);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    }).catch((err: unknown) => {
      opening = null;
      throw err;
    }));
  const inStore = async <T,>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  };

  let cached: Session | null = null;
  let loaded = false;
  // Bumped by every set(): a read that started before a write must not bring the old value back.
  let version = 0;
  let writing: Promise<void> = Promise.resolve();
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((fn) => fn());
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);

  async function reload(): Promise<void> {
    await writing;
    const before = version;
    const stored = (await inStore('readonly', (store) => store.get(KEY) as IDBRequest<Session | undefined>).catch(() => cached)) ?? null;
    if (version !== before) return;
    const changed = !loaded || JSON.stringify(stored) !== JSON.stringify(cached);
    cached = stored;
    loaded = true;
    if (changed) notify();
  }
  if (channel) channel.onmessage = () => void reload();
  const ready = reload();

  return {
    get: () => cached,
    get loaded() {
      return loaded;
    },
    ready,
    reload,
    set(session) {
      version += 1;
      cached = session;
      loaded = true;
      notify();
      writing = writing
        .then(() => inStore<unknown>('readwrite', (store) => (session ? store.put(session, KEY) : store.delete(KEY)) as IDBRequest<unknown>))
        .then(() => channel?.postMessage('changed'))
        // A phone out of space keeps the session for this visit; the next start asks to sign in.
        .catch(() => undefined);
      return writing;
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      channel?.close();
      void opening?.then((db) => db.close(), () => undefined);
    },
  };
}

/** Web Locks for the client's refresh (tabs and the worker share them); none in old browsers. */
export function refreshLock(): (<T>(fn: () => Promise<T>) => Promise<T>) | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  return locks ? <T,>(fn: () => Promise<T>) => locks.request('canteen-session-refresh', fn) as Promise<T> : undefined;
}
