import { Dexie, type EntityTable } from 'dexie';
import type { OrderStatus } from '@canteen/contracts';

export type BumpState = 'queued' | 'needs-sign-in';

/**
 * A bump waiting to reach the server. `seq` (auto-increment) is the order the cook made
 * them in, which is the order they are sent in; `key` is the Idempotency-Key, so a resend
 * after a lost reply is the same move, never a second one.
 */
export interface BumpEntry {
  seq?: number;
  key: string;
  orderId: number;
  number: number | null;
  from: OrderStatus;
  to: OrderStatus;
  createdAt: number;
  /** Held on this screen until then, so a mistaken bump can be recalled before anyone hears of it. */
  sendAfter: number;
  state: BumpState;
  attempts: number;
  lastError: string | null;
}

export type KitchenDb = Dexie & { bumps: EntityTable<BumpEntry, 'seq'> };

export function openKitchenDb(name = 'canteen-kitchen', options?: ConstructorParameters<typeof Dexie>[1]): KitchenDb {
  const db = new Dexie(name, options) as KitchenDb;
  db.version(1).stores({ bumps: '++seq, key, orderId' });
  return db;
}
