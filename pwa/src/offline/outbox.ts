import { isTransient, UnauthorizedError, type BffClient, type PlaceOrderBody } from '@canteen/client';
import type { MenuItem } from '@canteen/contracts';
import type { CanteenDb, OutboxEntry } from './db.ts';
import { menuChanged, repriceOrder } from './reprice.ts';
import { createReplayGate } from './replay-gate.ts';

type Placer = Pick<BffClient, 'placeOrder'>;

export interface QueueOrderInput {
  key: string;
  userId: number;
  body: PlaceOrderBody;
  now: number;
}

/**
 * Puts an order in the outbox and empties the cart in ONE IndexedDB transaction: after a
 * crash there is either the cart or the queued order, never both (two orders) and never
 * neither (a lost one). Sending is replay()'s job, online or not.
 */
export async function queueOrder(db: CanteenDb, { key, userId, body, now }: QueueOrderInput): Promise<OutboxEntry> {
  return db.transaction('rw', db.cart, db.outbox, async () => {
    const cart = await db.cart.orderBy('addedAt').toArray();
    const lines = cart.map(({ name, quantity, unitPrice }) => ({ name, quantity, unitPrice }));
    const total = Math.round(cart.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0) * 100) / 100;
    const entry: OutboxEntry = { key, userId, body, lines, total, createdAt: now, attempts: 0, state: 'queued', lastError: null };
    await db.outbox.add(entry);
    await db.cart.clear();
    return entry;
  });
}

export interface ReplayResult {
  sent: { key: string; orderId: number }[];
  waiting: number;
  needsSignIn: number;
  menuChanged: number;
  refused: number;
}

export interface ReplayOptions {
  now?: () => number;
  /**
   * Today's menu. An order that waited (it failed to go at least once) is priced on it before
   * it is sent: a dish sold out or a new total stops it for the student to confirm or drop.
   */
  menu?: () => Promise<MenuItem[]>;
}

/**
 * Sends every queued order of `userId`, oldest first, each with its own key. A network error,
 * 5xx, 429 or 409 leaves the order queued for the next replay; a 401 (the session is gone)
 * keeps it until the person signs in again; only a refusal of the order itself (400/422: an
 * item left the menu) marks it refused, with the server's words, for the person to decide.
 * An order that waited and would now cost something else (or has a dish sold out) is held as
 * menu-changed until the person accepts the new total (acceptNewTotal) or drops it.
 * An order leaves the outbox only after the server confirmed it.
 */
export async function replayOutbox(db: CanteenDb, client: Placer, userId: number, { now = Date.now, menu }: ReplayOptions = {}): Promise<ReplayResult> {
  const result: ReplayResult = { sent: [], waiting: 0, needsSignIn: 0, menuChanged: 0, refused: 0 };
  const pending = (await db.outbox.orderBy('createdAt').toArray()).filter(
    (entry) => entry.userId === userId && (entry.state === 'queued' || entry.state === 'needs-sign-in'),
  );
  let today: MenuItem[] | undefined;
  for (const entry of pending) {
    try {
      if (menu && entry.attempts > 0) {
        today ??= await menu();
        const repriced = repriceOrder(entry.body, today);
        if (menuChanged(entry.total, repriced)) {
          await db.outbox.update(entry.key, { state: 'menu-changed', repriced });
          result.menuChanged += 1;
          continue;
        }
      }
      const order = await client.placeOrder(entry.body, entry.key);
      await db.transaction('rw', db.outbox, db.sent, async () => {
        await db.outbox.delete(entry.key);
        await db.sent.put({ key: entry.key, orderId: order.id, sentAt: now() });
      });
      result.sent.push({ key: entry.key, orderId: order.id });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof UnauthorizedError) {
        await db.outbox.update(entry.key, { state: 'needs-sign-in', attempts: entry.attempts + 1, lastError: message });
        result.needsSignIn += 1;
      } else if (isTransient(err)) {
        await db.outbox.update(entry.key, { state: 'queued', attempts: entry.attempts + 1, lastError: message });
        result.waiting += 1;
        // The server or the link is in trouble: the rest would fail the same way now.
        result.waiting += pending.length - pending.indexOf(entry) - 1;
        break;
      } else {
        await db.outbox.update(entry.key, { state: 'refused', attempts: entry.attempts + 1, lastError: message });
        result.refused += 1;
      }
    }
  }
  return result;
}

/** The student saw the new total and still wants it: it goes out with the next replay, at that total. */
export async function acceptNewTotal(db: CanteenDb, key: string): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(key);
    if (entry?.state !== 'menu-changed' || !entry.repriced) return;
    // attempts back to 0: priced just now, it is not held again unless it fails and waits anew.
    await db.outbox.update(key, { state: 'queued', total: entry.repriced.total, attempts: 0, repriced: undefined });
  });
}

/** Every replay in this page (or worker) goes through here: see replay-gate.ts. */
export const inTurn = createReplayGate();
