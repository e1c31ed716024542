/**
 * Child process for bench/queue-fanout.ts: the queue service (memory store, in-process bus)
 * on PORT, plus a control server on CONTROL_PORT:
 *   GET  /ready             → 200 once seeded
 *   GET  /mem               → process.memoryUsage() (after gc() when run with --expose-gc)
 *   GET  /entry?order=ID    → {queueNumber, status}
 *   POST /trigger?order=ID  → publishes one `order.preparing` for that order (→ a broadcast)
 *   GET  /broadcast?queue=N → {start, end, boardBytes}: when (hrMs) the hub's broadcast of that
 *                             number's last status_update ran (the store's tail listener, timed
 *                             by a wrapper), and the size of the board's frame of it
 * Seeds SEED active orders, by `order.confirmed` events (SEED_MODE=events, the real path) or
 * straight into the store (SEED_MODE=store, for 10,000 orders without 10,000 plan rebuilds).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createInProcessBus, createLogger } from '../../packages/service-kit/src/index.ts';
import { createQueueService, loadQueueConfig } from '../../services/queue/src/service.ts';
import { createMemoryQueueStore } from '../../services/queue/src/store/memory.queue-store.ts';
import type { QueueStore } from '../../services/queue/src/store/queue.store.ts';
import { boardMessage, toFrame } from '../../services/queue/src/ws/scope.ts';
import { hrMs } from './fanout-clients.ts';

const port = Number(process.env.PORT ?? 18184);
const controlPort = Number(process.env.CONTROL_PORT ?? 18185);
const seed = Number(process.env.SEED ?? 100);
const seedMode = process.env.SEED_MODE ?? 'events';
const logger = createLogger('queue-bench', { level: 'warn' });
const bus = createInProcessBus({ logger });
const config = loadQueueConfig({
  HOST: '127.0.0.1',
  QUEUE_PORT: String(port),
  JWT_PUBLIC_KEY: process.env.BENCH_JWT_PUBLIC_KEY ?? '',
  LOG_LEVEL: 'warn',
});
// The service's tail listener is the hub's broadcast (plus a plan invalidation): timing it
// tells how long the server takes to write one update to every socket.
const store = createMemoryQueueStore();
const broadcasts = new Map<number, { start: number; end: number; boardBytes: number }>();
const timedStore: QueueStore = {
  ...store,
  tailStream: (listener) =>
    store.tailStream((message) => {
      const start = hrMs();
      listener(message);
      const end = hrMs();
      if (message.type === 'status_update') broadcasts.set(message.queueNumber, { start, end, boardBytes: toFrame(boardMessage(message)).length });
    }),
};
const service = await createQueueService(config, { bus, logger, store: timedStore });
await service.start();

const STATIONS = ['grill', 'fryer', 'stove', 'cold', 'drinks', 'counter'];
const items = (id: number) => [
  { menu_item_id: `item-${id % 7}`, item_name: 'Dish', quantity: 1 + (id % 2), price: 80, station: STATIONS[id % STATIONS.length]!, preparation_time: 5 + (id % 10) },
  { menu_item_id: 'chai', item_name: 'Chai', quantity: 1, price: 15, station: 'drinks', preparation_time: 2 },
];
const statusEvent = (orderId: number, oldStatus: 'placed' | 'confirmed', newStatus: 'confirmed' | 'preparing') => ({
  event_id: randomUUID(),
  event_type: 'order_status_changed' as const,
  schema_version: 1,
  timestamp: new Date().toISOString(),
  order_id: orderId,
  user_id: 1000 + orderId,
  old_status: oldStatus,
  new_status: newStatus,
  total_amount: 95,
  queue_number: null,
  items: items(orderId),
});

const t0 = Date.now();
if (seedMode === 'store') {
  const day = new Date().toISOString().slice(0, 10);
  for (let id = 1; id <= seed; id++) {
    await service.store.saveEntry({
      orderId: id,
      userId: 1000 + id,
      queueNumber: id,
      day,
      status: 'waiting',
      priority: 0,
      confirmedAt: t0 - (seed - id) * 1000,
      preparingAt: null,
      readyAt: null,
      completedAt: null,
      lines: items(id).map((i) => ({ menuItemId: i.menu_item_id, itemName: i.item_name, quantity: i.quantity, station: i.station, preparationTime: i.preparation_time })),
    });
  }
} else {
  for (let id = 1; id <= seed; id++) {
    const event = statusEvent(id, 'placed', 'confirmed');
    await bus.publish('order.confirmed', event, { messageId: event.event_id });
  }
}
const deadline = Date.now() + 120_000;
while ((await service.store.listActive()).length < seed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const seeded = (await service.store.listActive()).length;
const seedMs = Date.now() - t0;

const gc = (globalThis as { gc?: () => void }).gc;
const control = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  void (async () => {
    if (url.pathname === '/ready') return reply(seeded >= seed ? 200 : 503, { seeded, seedMs });
    if (url.pathname === '/mem') {
      gc?.();
      return reply(200, { ...process.memoryUsage(), gc: Boolean(gc) });
    }
    const orderId = Number(url.searchParams.get('order'));
    if (url.pathname === '/entry') {
      const entry = await service.store.getEntry(orderId);
      return entry ? reply(200, { queueNumber: entry.queueNumber, status: entry.status }) : reply(404, {});
    }
    if (url.pathname === '/broadcast') {
      const timing = broadcasts.get(Number(url.searchParams.get('queue')));
      return timing ? reply(200, timing) : reply(404, {});
    }
    if (url.pathname === '/trigger' && req.method === 'POST') {
      const event = statusEvent(orderId, 'confirmed', 'preparing');
      await bus.publish('order.preparing', event, { messageId: event.event_id });
      return reply(200, {});
    }
    reply(404, {});
  })().catch((err: unknown) => reply(500, { error: String(err) }));
});
control.listen(controlPort, '127.0.0.1');

const stop = () => {
  control.close();
  void service.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
