import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, login, openFeed, placeOrder, running, startCanteen, stop } from './canteen.ts';

/**
 * `npm start` as a user gets it: the launcher process on embedded stores, the demo accounts
 * and menu, an order from login to "confirmed" on the student's WebSocket, a clean stop, and
 * the data still there after a restart. The orders service runs on its own thread by
 * default; the one-thread layout (ALL_IN_ONE_THREADS=1) is checked too.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const service of running) await service.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

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
    expect(Object.keys(health.dependencies)).toEqual(expect.arrayContaining(['users', 'menu', 'orders', 'payments', 'queue']));
    expect(Object.values(health.dependencies).every((d) => d.status === 'up')).toBe(true);

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
