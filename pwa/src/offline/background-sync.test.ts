import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createBffClient, type PlaceOrderBody, type Session } from '@canteen/client';
import { replayFromWorker, replaySignedIn } from './background-sync.ts';
import { openCanteenDb, type CanteenDb } from './db.ts';
import { queueOrder } from './outbox.ts';
import { createReplayGate, type ExclusiveLocks } from './replay-gate.ts';
import { indexedDbSessionStore, type SharedSessionStore } from './session-store.ts';

/**
 * The service worker's side of Background Sync, on the real outbox, replay gate, session store
 * and BFF client, with one browser's IndexedDB (fake-indexeddb) shared by a page and the worker.
 * The BFF is a stand-in with the users service's rules: access tokens expire, refresh tokens
 * are single-use and reusing one revokes the whole family; one order per Idempotency-Key.
 */
const NOW = 1_700_000_000_000;
const USER = { id: 7, email: 's@campus.example', fullName: 'Asha', role: 'CUSTOMER' as const };

function fakeBff() {
  let issued = 0;
  const access = new Set<string>();
  const refresh = new Set<string>();
  const spent = new Set<string>();
  const orders = new Map<string, number>();
  const calls: { path: string; auth: string | null }[] = [];
  let offline = false;
  let familyRevoked = false;
  const issue = () => {
    issued += 1;
    access.add(`access-${issued}`);
    refresh.add(`refresh-${issued}`);
    return { token: `access-${issued}`, type: 'Bearer', ...USER, refreshToken: `refresh-${issued}`, expiresIn: 900 };
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const refused = (code: string) => json(401, { error: { code, message: code }, message: code });
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    const headers = new Headers(init?.headers);
    calls.push({ path, auth: headers.get('authorization') });
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (offline) throw new TypeError('Failed to fetch');
    if (path === '/api/auth/refresh') {
      const token = (JSON.parse(String(init?.body)) as { refreshToken: string }).refreshToken;
      if (spent.has(token)) {
        familyRevoked = true;
        access.clear();
        refresh.clear();
        return refused('REFRESH_TOKEN_REUSED');
      }
      if (!refresh.delete(token)) return refused('INVALID_REFRESH_TOKEN');
      spent.add(token);
      return json(200, issue());
    }
    // Today's menu (public): every dish queued here, at the price it was queued at.
    if (path === '/api/menu/items') return json(200, [0, 1, 2].map((i) => ({ id: `m${i}`.padEnd(24, '0'), name: `Dish ${i}`, price: 50, available: true, option_groups: [] })));
    if (!access.has(headers.get('authorization')?.replace('Bearer ', '') ?? '')) return refused('UNAUTHORIZED');
    if (path === '/api/orders/' && init?.method === 'POST') {
      const key = headers.get('idempotency-key')!;
      if (!orders.has(key)) orders.set(key, orders.size + 1);
      return json(201, { id: orders.get(key) });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: path }, message: path });
  };
  /** A session signed in earlier whose access token has expired by now. */
  const expiredSession = (): Session => {
    const auth = issue();
    return { accessToken: auth.token, refreshToken: auth.refreshToken, expiresAt: NOW - 60_000, user: USER };
  };
  return {
    fetch: fetchFn,
    calls,
    orders,
    expiredSession,
    setOffline: (value: boolean) => (offline = value),
    get familyRevoked() {
      return familyRevoked;
    },
  };
}

/** Web Locks as one browser grants them to its tabs and its worker: per name, one holder at a time. */
function browserLocks(): ExclusiveLocks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request(name, callback) {
      const granted = (tails.get(name) ?? Promise.resolve()).then(() => callback());
      tails.set(name, granted.catch(() => undefined));
      return granted;
    },
  };
}

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const thing of opened.splice(0)) thing.close();
});

/** One browser: its IndexedDB and its locks, and a context (a tab or the worker) in it. */
function browser(bff: ReturnType<typeof fakeBff>) {
  const indexedDB = new IDBFactory();
  const locks = browserLocks();
  const context = () => {
    const sessions: SharedSessionStore = indexedDbSessionStore(indexedDB);
    const db: CanteenDb = openCanteenDb('canteen', { indexedDB, IDBKeyRange });
    opened.push(sessions, db);
    const client = createBffClient({
      sessions,
      fetch: bff.fetch,
      now: () => NOW,
      refreshExclusively: (fn) => locks.request('canteen-session-refresh', fn),
    });
    return { sessions, db, client, gate: createReplayGate(locks) };
  };
  return { context };
}

const body = (id: string): PlaceOrderBody => ({ items: [{ menu_item_id: id.padEnd(24, '0'), quantity: 1 }], payment_method: 'cash' });

/** A page signed in (with a token that has expired since) that queued `count` orders offline. */
async function pageWithQueuedOrders(bff: ReturnType<typeof fakeBff>, count: number) {
  const phone = browser(bff);
  const page = phone.context();
  await page.sessions.set(bff.expiredSession());
  for (let i = 0; i < count; i += 1) {
    await page.db.cart.put({ key: `c${i}`, menuItemId: `m${i}`.padEnd(24, '0'), name: `Dish ${i}`, imageUrl: '', quantity: 1, unitPrice: 50, options: [], addedAt: i });
    await queueOrder(page.db, { key: `order-key-${i}`, userId: USER.id, body: body(`m${i}`), now: NOW + i });
  }
  return { phone, page };
}

describe('Background Sync: the service worker replays the outbox', () => {
  it('when the sync fires with no page open and the token has expired, then the worker refreshes it first, sends each order once, and the pages get the new session', async () => {
    const bff = fakeBff();
    const { phone, page } = await pageWithQueuedOrders(bff, 2);
    page.sessions.close();
    const worker = phone.context();

    const result = await replayFromWorker(worker.sessions, worker.client, worker.db, worker.gate);

    expect(result?.sent.map((sent) => sent.key)).toEqual(['order-key-0', 'order-key-1']);
    expect(bff.calls.map((call) => call.path)).toEqual(['/api/auth/refresh', '/api/orders/', '/api/orders/']);
    expect(bff.calls.slice(1).map((call) => call.auth)).toEqual(['Bearer access-2', 'Bearer access-2']);
    expect([...bff.orders.keys()]).toEqual(['order-key-0', 'order-key-1']);
    expect(await worker.db.outbox.count()).toBe(0);
    expect((await worker.db.sent.toArray()).map((sent) => sent.orderId).sort()).toEqual([1, 2]);
    // A page opened next reads the session the worker refreshed (the old refresh token is spent).
    const nextPage = phone.context();
    await nextPage.sessions.ready;
    expect(nextPage.sessions.get()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2', user: USER });
  });

  it('when a page back online and the sync replay at once, then each order is one order, one refresh token is spent once, and nobody is signed out', async () => {
    const bff = fakeBff();
    const { phone, page } = await pageWithQueuedOrders(bff, 3);
    const worker = phone.context();

    const [fromPage, fromWorker] = await Promise.all([
      replaySignedIn(page.sessions, page.client, page.db, page.gate),
      replayFromWorker(worker.sessions, worker.client, worker.db, worker.gate),
    ]);

    expect(bff.orders.size).toBe(3);
    expect([...(fromPage?.sent ?? []), ...(fromWorker?.sent ?? [])].map((sent) => sent.key).sort()).toEqual(['order-key-0', 'order-key-1', 'order-key-2']);
    expect(bff.calls.filter((call) => call.path === '/api/auth/refresh')).toHaveLength(1);
    expect(bff.calls.filter((call) => call.path === '/api/orders/')).toHaveLength(3);
    expect(bff.familyRevoked).toBe(false);
    await page.sessions.reload();
    expect(page.sessions.get()?.refreshToken).toBe('refresh-2');
    expect(await worker.db.outbox.count()).toBe(0);
  });

  it('when the network is still down, then the sync fails (the browser tries again later) and every order stays queued', async () => {
    const bff = fakeBff();
    const { phone } = await pageWithQueuedOrders(bff, 2);
    const worker = phone.context();
    bff.setOffline(true);

    await expect(replayFromWorker(worker.sessions, worker.client, worker.db, worker.gate)).rejects.toThrow(/2 queued orders still waiting/);

    expect((await worker.db.outbox.toArray()).map((entry) => entry.state)).toEqual(['queued', 'queued']);
    expect(worker.sessions.get()?.refreshToken).toBe('refresh-1');
    bff.setOffline(false);
    await expect(replayFromWorker(worker.sessions, worker.client, worker.db, worker.gate)).resolves.toMatchObject({ waiting: 0, menuChanged: 0, needsSignIn: 0 });
    expect(bff.orders.size).toBe(2);
    expect(await worker.db.outbox.count()).toBe(0);
  });

  it('when the student signed out before the sync fired, then the worker sends nothing and the orders wait for the next sign-in', async () => {
    const bff = fakeBff();
    const { phone, page } = await pageWithQueuedOrders(bff, 1);
    await page.sessions.set(null);
    const worker = phone.context();

    await expect(replayFromWorker(worker.sessions, worker.client, worker.db, worker.gate)).resolves.toBeNull();

    expect(bff.calls).toEqual([]);
    expect(await worker.db.outbox.count()).toBe(1);
  });
});
