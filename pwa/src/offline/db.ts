import { Dexie, type DexieOptions, type EntityTable } from 'dexie';

// The app loads this module lazily (see getDb): liveQuery comes along so Dexie stays in one chunk.
export { liveQuery } from 'dexie';
import type { PlaceOrderBody } from '@canteen/client';
import type { Repriced } from './reprice.ts';

/** One line of the cart: an item with its chosen options, priced as the menu said when added. */
export interface CartLine {
  /** Item id plus its sorted option ids: the same choice adds up instead of making a second line. */
  key: string;
  menuItemId: string;
  name: string;
  imageUrl: string;
  quantity: number;
  /** Unit price including options, in the menu's currency (a decimal as the API gives it). */
  unitPrice: number;
  options: { groupId: string; optionIds: string[]; names: string[] }[];
  addedAt: number;
}

/**
 * queued: goes out with the next replay; needs-sign-in: after the next sign-in; menu-changed:
 * waits for the student to accept the new total (or drop it); refused: the server said no.
 */
export type OutboxState = 'queued' | 'needs-sign-in' | 'menu-changed' | 'refused';

/**
 * An order waiting to reach the server. Its Idempotency-Key is the primary key: however many
 * times it is sent (retries, two tabs, a reply lost after the server committed), the server
 * makes one order of it.
 */
export interface OutboxEntry {
  key: string;
  userId: number;
  body: PlaceOrderBody;
  /** What the person saw when placing it, to show while it waits. */
  lines: Pick<CartLine, 'name' | 'quantity' | 'unitPrice'>[];
  total: number;
  createdAt: number;
  attempts: number;
  state: OutboxState;
  lastError: string | null;
  /** The order on the menu as it was when the replay looked (state menu-changed). */
  repriced?: Repriced;
}

/** A queued order the server accepted: its key and the order it became (for the screen that waited). */
export interface SentEntry {
  key: string;
  orderId: number;
  sentAt: number;
}

export type CanteenDb = Dexie & {
  cart: EntityTable<CartLine, 'key'>;
  outbox: EntityTable<OutboxEntry, 'key'>;
  sent: EntityTable<SentEntry, 'key'>;
};

/** `options` lets the unit tests hand in fake-indexeddb; the app uses the browser's IndexedDB. */
export function openCanteenDb(name = 'canteen', options?: DexieOptions): CanteenDb {
  const db = new Dexie(name, options) as CanteenDb;
  db.version(1).stores({
    cart: 'key, addedAt',
    outbox: 'key, createdAt, state',
    sent: 'key, sentAt',
  });
  return db;
}
