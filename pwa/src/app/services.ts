import { createBffClient, createLiveClient, type LiveMessage, type Session, type SocketLike } from '@canteen/client';
import type { CanteenDb } from '../offline/db.ts';
import { indexedDbSessionStore, refreshLock } from '../offline/session-store.ts';

/**
 * The session in IndexedDB, so a student stays signed in across restarts (the refresh token
 * lasts 30 days) and the service worker can send queued orders with the app closed; other tabs
 * and the worker hear of a sign-in, a refresh or a sign-out (see session-store.ts).
 */
export const sessions = indexedDbSessionStore();
moveLegacySession();
type Listener = () => void;
export const api = createBffClient({ sessions, refreshExclusively: refreshLock() });

/** A session an older version kept in localStorage moves to IndexedDB, once. */
function moveLegacySession(): void {
  const LEGACY_KEY = 'canteen.session';
  try {
    const legacy = localStorage.getItem(LEGACY_KEY);
    if (!legacy) return;
    localStorage.removeItem(LEGACY_KEY);
    const session = JSON.parse(legacy) as Session | null;
    void sessions.ready.then(() => {
      if (session && !sessions.get()) void sessions.set(session);
    });
  } catch {
    // Unreadable: the student signs in again.
  }
}
/**
 * IndexedDB (Dexie, ~30 KB gzipped) loads after the first paint: the menu needs none of it, and
 * the first-load budget (100 KB) has no room for it next to React.
 */
let opened: Promise<CanteenDb> | null = null;
/** openCanteenDb's default name. */
const DB_NAME = 'canteen';
/** Tabs tell each other when one opened the database, so one that waits for it (storedDb) need not poll. */
const dbChannel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('canteen.db') : null;
let noteDbInUse = () => {};
const dbInUse = new Promise<void>((resolve) => (noteDbInUse = resolve));
dbChannel?.addEventListener('message', () => noteDbInUse());
export const getDb = (): Promise<CanteenDb> =>
  (opened ??= (() => {
    noteDbInUse();
    dbChannel?.postMessage('opened');
    return import('../offline/db.ts').then((m) => m.openCanteenDb());
  })());

/** Whether this browser holds the app's database (a first visit does not); true where it cannot tell. */
export async function hasStoredDb(): Promise<boolean> {
  if (opened || typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  return indexedDB.databases().then((list) => list.some((db) => db.name === DB_NAME), () => true);
}

/**
 * The database once there is something in it to show: at once if this browser has it, else when
 * this tab or another first opens it (the first dish put in a cart). A first visit thus loads no
 * Dexie for a cart that cannot exist yet.
 */
export async function storedDb(): Promise<CanteenDb> {
  if (!(await hasStoredDb())) await dbInUse;
  return getDb();
}

const liveListeners = new Set<(message: LiveMessage) => void>();
const stateListeners = new Set<Listener>();
export const live = createLiveClient({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
  // The DOM types its handlers with `this: WebSocket`; the client only assigns plain functions.
  createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  // Signed out, the page still listens (no token: the public stream) so a sold-out dish
  // disappears from anyone's menu; signed in, its own orders come too.
  token: () => (sessions.get() ? api.accessToken() : Promise.resolve(null)),
  onMessage: (message) => liveListeners.forEach((fn) => fn(message)),
  onState: () => stateListeners.forEach((fn) => fn()),
});

export function onLiveMessage(fn: (message: LiveMessage) => void): () => void {
  liveListeners.add(fn);
  return () => liveListeners.delete(fn);
}
export function onLiveState(fn: Listener): () => void {
  stateListeners.add(fn);
  return () => stateListeners.delete(fn);
}

const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });
export const formatMoney = (amount: number): string => inr.format(amount);

/** Times in the canteen's zone, whatever the phone is set to. */
const clock = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Kolkata' });
export const formatTime = (date: Date | number): string => clock.format(date);
