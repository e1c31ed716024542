import { ApiError, isTransient, UnauthorizedError, type BffClient } from '@canteen/client';
import type { BumpEntry, KitchenDb } from './bump-db.ts';

/** How long a bump stays on this screen before it is sent: the time the cook has to recall it. */
export const RECALL_WINDOW_MS = 3000;

type Mover = Pick<BffClient, 'setOrderStatus'>;

export async function queueBump(db: KitchenDb, bump: Omit<BumpEntry, 'seq' | 'state' | 'attempts' | 'lastError' | 'sendAfter'>, holdMs = RECALL_WINDOW_MS): Promise<BumpEntry> {
  const entry: BumpEntry = { ...bump, sendAfter: bump.createdAt + holdMs, state: 'queued', attempts: 0, lastError: null };
  entry.seq = await db.bumps.add(entry);
  return entry;
}

/**
 * Takes back the newest bump not sent yet (of that order, or of any): it never leaves the
 * screen, so nobody (the student included) hears of it. Null when there is none to take back.
 */
export async function recallBump(db: KitchenDb, orderId?: number): Promise<BumpEntry | null> {
  return db.transaction('rw', db.bumps, async () => {
    const all = await db.bumps.orderBy('seq').reverse().toArray();
    const entry = all.find((candidate) => orderId === undefined || candidate.orderId === orderId);
    if (!entry?.seq) return null;
    await db.bumps.delete(entry.seq);
    return entry;
  });
}

export interface SendResult {
  sent: BumpEntry[];
  /** Refused for good (another screen moved the order on, or it was cancelled): with the server's words. */
  refused: { entry: BumpEntry; message: string }[];
  /** Still waiting: the server is unreachable or busy, or the person must sign in again. */
  waiting: number;
}

/**
 * Sends the bumps that are due, strictly in the order they were made: one still held, or one
 * the server could not take now, stops the rest (a later bump of the same order must never
 * overtake an earlier one). An entry leaves the store only once the server has answered it.
 */
export async function sendDueBumps(db: KitchenDb, client: Mover, now: number): Promise<SendResult> {
  const result: SendResult = { sent: [], refused: [], waiting: 0 };
  const pending = await db.bumps.orderBy('seq').toArray();
  for (const [index, entry] of pending.entries()) {
    if (entry.sendAfter > now) break;
    try {
      await client.setOrderStatus(entry.orderId, entry.to, entry.key);
      await db.bumps.delete(entry.seq!);
      result.sent.push(entry);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A 409 is transient only while the same key is still being worked on; an illegal move is final.
      const final = err instanceof ApiError && err.code === 'ILLEGAL_TRANSITION';
      if (!final && (err instanceof UnauthorizedError || isTransient(err) || !(err instanceof ApiError))) {
        await db.bumps.update(entry.seq!, { state: err instanceof UnauthorizedError ? 'needs-sign-in' : 'queued', attempts: entry.attempts + 1, lastError: message });
        result.waiting = pending.length - index;
        break;
      }
      await db.bumps.delete(entry.seq!);
      result.refused.push({ entry, message });
    }
  }
  return result;
}
