import type { BffClient, SessionStore } from '@canteen/client';
import type { CanteenDb } from './db.ts';
import { inTurn, replayOutbox, type ReplayResult } from './outbox.ts';

/** The Background Sync tag a page registers when an order waits; the service worker answers it. */
export const OUTBOX_SYNC_TAG = 'canteen-outbox';

type ReplayClient = Pick<BffClient, 'placeOrder' | 'menuItems' | 'accessToken'>;
type Gate = typeof inTurn;

/**
 * One replay of the signed-in person's outbox, the same code from a page (app start, back
 * online, sign-in, an order placed) and from the service worker's Background Sync (no page
 * needed): the session as stored now (another context may have refreshed or ended it), the
 * access token refreshed first when it is due, then the outbox in turn with every other replay
 * of this browser (the Web Locks gate), so a page and the worker replaying at once still make
 * one order of each entry. Null when nobody is signed in: the orders wait for the next sign-in.
 */
export async function replaySignedIn(sessions: SessionStore, client: ReplayClient, db: CanteenDb, gate: Gate = inTurn): Promise<ReplayResult | null> {
  await sessions.reload?.();
  const session = sessions.get();
  if (!session) return null;
  const userId = session.user.id;
  // A refusal or a dead link here is met again by each order, which records it and stays queued.
  await client.accessToken().catch(() => undefined);
  return gate(String(userId), () => replayOutbox(db, client, userId, { menu: () => client.menuItems({}, { fresh: true }) }));
}

/**
 * The service worker's `sync` handler. Rejecting tells the browser to try again later (with
 * backoff, a few times): done while an order still waits on a busy server or a dead link.
 */
export async function replayFromWorker(sessions: SessionStore, client: ReplayClient, db: CanteenDb, gate: Gate = inTurn): Promise<ReplayResult | null> {
  const result = await replaySignedIn(sessions, client, db, gate);
  if (result && result.waiting > 0) throw new Error(`${result.waiting} queued orders still waiting`);
  return result;
}

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/**
 * Asks the browser to wake the service worker when the network is back, page open or not.
 * False where Background Sync does not exist (Firefox, Safari): the page's own triggers remain.
 */
export async function askForBackgroundSync(): Promise<boolean> {
  const container = (globalThis as { navigator?: { serviceWorker?: ServiceWorkerContainer } }).navigator?.serviceWorker;
  const registration = await container?.getRegistration().catch(() => undefined);
  const sync = (registration as { sync?: SyncManagerLike } | undefined)?.sync;
  if (!sync) return false;
  return sync.register(OUTBOX_SYNC_TAG).then(
    () => true,
    () => false,
  );
}
