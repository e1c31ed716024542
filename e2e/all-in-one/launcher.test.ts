import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, type ChildService } from '../order-loop/helpers.ts';
import { json, login, startCanteen as startCanteen_, stopCanteen } from './canteen.ts';

/**
 * `npm start` as a user gets it: the launcher process on embedded stores, the demo accounts
 * and menu, an order from login to "confirmed" on the student's WebSocket, a clean stop, and
 * the data still there after a restart. The orders service runs on its own thread by
 * default; the one-thread layout (ALL_IN_ONE_THREADS=1) is checked too.
 */
interface WsClient {
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  once(event: 'open', listener: () => void): void;
  once(event: 'error', listener: (err: Error) => void): void;
  terminate(): void;
}
const { WebSocket } = createRequire(path.join(ROOT, 'services/queue/package.json'))('ws') as {
  WebSocket: new (url: string) => WsClient;
};

const dirs: string[] = [];
const running: ChildService[] = [];
afterAll(async () => {
  for (const service of running) await service.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const startCanteen = (dataDir: string, extra: Record<string, string> = {}) => startCanteen_(running, dataDir, extra);
const stop = (service: ChildService) => stopCanteen(running, service);

/** The student's live feed: resolves with the first update about `orderId`. */
async function openFeed(url: string, token: string) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  const messages: { type: string; scope?: string; data?: { order_id?: number } }[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  const until = async (test: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no ${what} on /ws; got ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await until(() => messages.some((m) => m.type === 'welcome'), 'welcome');
  return {
    welcome: messages.find((m) => m.type === 'welcome')!,
    update: async (orderId: number) => {
      const about = () => messages.find((m) => m.type === 'queue_update' && m.data?.order_id === orderId);
      await until(() => about() !== undefined, `queue_update for order ${orderId}`);
      return about()!.data as { order_id: number; queue_number: number; position: number; status: string };
    },
    close: () => socket.terminate(),
  };
}

async function placeOrder(url: string, token: string) {
  const items = await json<{ id: string; available: boolean; option_groups: { min: number }[] }[]>(await fetch(`${url}/api/menu/items`));
  const item = items.find((candidate) => candidate.available && candidate.option_groups.every((group) => group.min === 0))!;
  return json<{ id: number; status: string; user_id: number }>(
    await fetch(`${url}/api/orders/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `launcher-${Date.now()}` },
      body: JSON.stringify({ items: [{ menu_item_id: item.id, quantity: 2 }], payment_method: 'card' }),
    }),
  );
}

describe('npm start (the all-in-one launcher)', () => {
  it('when a demo student orders, then the order is confirmed on their /ws, survives a restart, and SIGTERM stops everything cleanly', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-launcher-'));
    dirs.push(dataDir);
    const first = await startCanteen(dataDir);
    // Staff see what stands behind the BFF; strangers only whether it is up.
    const admin = await login(first.url, 'admin@canteen.local', 'canteen-admin');
    const health = await json<{ dependencies: Record<string, { status: string }> }>(
      await fetch(`${first.url}/health`, { headers: { authorization: `Bearer ${admin.token}` } }),
    );
    expect(Object.values(health.dependencies).map((d) => d.status)).toEqual(['up', 'up', 'up', 'up', 'up']);

    const student = await login(first.url, 'student@canteen.local', 'canteen-student');
    const feed = await openFeed(first.url, student.token);
    expect(feed.welcome).toMatchObject({ scope: 'customer' });
    const order = await placeOrder(first.url, student.token);
    expect(order).toMatchObject({ status: 'placed', user_id: student.id });

    const update = await feed.update(order.id);
    expect(update).toMatchObject({ order_id: order.id, status: 'waiting', position: 1 });
    expect(update.queue_number).toBeGreaterThan(0);
    feed.close();
    const confirmed = await json<{ status: string; payment_status: string }>(
      await fetch(`${first.url}/api/orders/${order.id}`, { headers: { authorization: `Bearer ${student.token}` } }),
    );
    expect(confirmed).toMatchObject({ status: 'confirmed', payment_status: 'paid' });

    expect(await stop(first)).toBe(0);

    // The same data folder: same keys (the old token still works), same orders.
    const second = await startCanteen(dataDir);
    const history = await json<{ id: number; status: string }[]>(
      await fetch(`${second.url}/api/orders/user/${student.id}`, { headers: { authorization: `Bearer ${student.token}` } }),
    );
    expect(history).toEqual([expect.objectContaining({ id: order.id, status: 'confirmed' })]);
    expect(await stop(second)).toBe(0);
  }, 180_000);

  it('when ALL_IN_ONE_THREADS=1, then everything runs on one thread and an order is still confirmed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-launcher-'));
    dirs.push(dataDir);
    const canteen = await startCanteen(dataDir, { ALL_IN_ONE_THREADS: '1' });
    const student = await login(canteen.url, 'student@canteen.local', 'canteen-student');
    const feed = await openFeed(canteen.url, student.token);
    const order = await placeOrder(canteen.url, student.token);

    expect(await feed.update(order.id)).toMatchObject({ order_id: order.id, status: 'waiting' });
    feed.close();
    expect(await stop(canteen)).toBe(0);
  }, 120_000);

  it('when ALL_IN_ONE_THREADS is not 1 or 2, then it refuses to start and says why', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-launcher-'));
    dirs.push(dataDir);
    await expect(startCanteen(dataDir, { ALL_IN_ONE_THREADS: '4' })).rejects.toThrow(/ALL_IN_ONE_THREADS: must be 1 or 2/);
  }, 120_000);
});
