import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueueItem } from '../../packages/contracts/src/index.ts';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildService } from '../order-loop/helpers.ts';
import { json, login, placeOrder, running, startCanteen, stop, WebSocket } from './canteen.ts';

/**
 * Issue 17 on `npm start`: the queue survives a restart. Orders in every kitchen state, then
 * the process is stopped (SIGTERM, or killed outright with SIGKILL) and started again on the
 * same data folder: every order keeps its number, status and ETA, /ws gives every active order
 * in its snapshot, and the next order's number is higher than any given before.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const service of running) await service.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STUDENT = ['student@canteen.local', 'canteen-student'] as const;
const STAFF = ['staff@canteen.local', 'canteen-staff'] as const;

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const authed = (token: string, extra: RequestInit = {}): RequestInit => ({
  ...extra,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(extra.headers ?? {}) },
});

async function queueItem(url: string, token: string, orderId: number): Promise<QueueItem | undefined> {
  const response = await fetch(`${url}/api/queue/order/${orderId}`, authed(token));
  return response.status === 200 ? ((await response.json()) as QueueItem) : undefined;
}

async function orderStatus(url: string, token: string, orderId: number): Promise<{ status: string; queue_number: number | null }> {
  return json(await fetch(`${url}/api/orders/${orderId}`, authed(token)));
}

/** The staff snapshot a kitchen display gets when it (re)connects to /ws. */
async function staffSnapshot(url: string, token: string): Promise<QueueItem[]> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  const frames: { type: string; data?: unknown }[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  try {
    const snapshot = await until('the /ws snapshot', async () => frames.find((frame) => frame.type === 'snapshot'));
    return snapshot.data as QueueItem[];
  } finally {
    socket.terminate();
  }
}

/** Four paid orders: one waiting, one preparing, one ready, one waiting behind them. */
async function ordersInEveryState(url: string) {
  const student = await login(url, ...STUDENT);
  const staff = await login(url, ...STAFF);
  const placed = [];
  for (let i = 0; i < 4; i++) placed.push(await placeOrder(url, student.token));
  for (const order of placed) await until(`order ${order.id} in the queue`, () => queueItem(url, student.token, order.id));
  const [, cooking, done] = placed;
  for (const [order, status] of [[cooking!, 'preparing'], [done!, 'ready']] as const) {
    await json(await fetch(`${url}/api/orders/${order.id}/status`, authed(staff.token, { method: 'PUT', body: JSON.stringify({ status }) })));
    await until(`order ${order.id} ${status} in the queue`, async () => {
      const item = await queueItem(url, student.token, order.id);
      return item?.status === status ? item : undefined;
    });
  }
  const items = await Promise.all(placed.map(async (order) => (await queueItem(url, student.token, order.id))!));
  return { student, staff, items };
}

async function restartKeepsTheQueue(end: (service: ChildService) => Promise<unknown>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-restart-'));
  dirs.push(dataDir);
  const first = await startCanteen(dataDir);
  const { student, staff, items: before } = await ordersInEveryState(first.url);
  expect(before.map((item) => item.status)).toEqual(['waiting', 'preparing', 'ready', 'waiting']);
  expect(new Set(before.map((item) => item.queue_number)).size).toBe(4);
  const readAt = Date.now();

  await end(first);
  const second = await startCanteen(dataDir);

  // The queue answers at once from its store on disk: no reconciliation needed for this.
  const after = await Promise.all(before.map(async (item) => (await queueItem(second.url, student.token, item.order_id))!));
  const elapsed = Date.now() - readAt;
  for (const [index, item] of after.entries()) {
    const was = before[index]!;
    expect(item).toMatchObject({
      order_id: was.order_id,
      queue_number: was.queue_number,
      status: was.status,
      position: was.position,
      created_at: was.created_at,
      preparing_at: was.preparing_at,
      ready_at: was.ready_at,
    });
    // The ETA is the same plan: at most moved on by the time that passed, never lost or reset.
    const moved = Date.parse(item.expected_ready_at!) - Date.parse(was.expected_ready_at!);
    expect(moved).toBeGreaterThanOrEqual(0);
    expect(moved).toBeLessThanOrEqual(elapsed + 1000);
  }
  // The orders keep their numbers too, and agree with the queue.
  for (const item of after) expect((await orderStatus(second.url, student.token, item.order_id)).queue_number).toBe(item.queue_number);

  const snapshot = await staffSnapshot(second.url, staff.token);
  expect(snapshot.map((item) => [item.order_id, item.queue_number, item.status]).sort()).toEqual(
    before.map((item) => [item.order_id, item.queue_number, item.status]).sort(),
  );

  const next = await placeOrder(second.url, student.token);
  const nextItem = await until('the new order in the queue', () => queueItem(second.url, student.token, next.id));
  expect(nextItem.queue_number).toBeGreaterThan(Math.max(...before.map((item) => item.queue_number)));
  expect(await stop(second)).toBe(0);
}

describe('npm start, stopped and started again with active orders', () => {
  it('when it is stopped with SIGTERM, then every order keeps its number, status and ETA, /ws shows them all, and new numbers go on', async () => {
    await restartKeepsTheQueue(async (service) => expect(await stop(service)).toBe(0));
  }, 150_000);

  it('when it is killed with SIGKILL, then every order keeps its number, status and ETA, /ws shows them all, and new numbers go on', async () => {
    await restartKeepsTheQueue(async (service) => {
      await service.kill();
      running.splice(running.indexOf(service), 1);
    });
  }, 150_000);
});
