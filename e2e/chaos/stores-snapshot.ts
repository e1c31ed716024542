/**
 * What the stores themselves say, read straight from them (not through any service): the
 * order rows of a phase (SQL on the orders database), the payments (SQL on the payments
 * SQLite file), the kitchen queue (the queue store's hash in Redis), the outboxes not yet
 * relayed, and the messages on the broker, dead letters apart.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { deadLetterQueue, queueFamily } from '../../packages/service-kit/src/bus/shared.ts';
import { asRoot, ROOT, withAmqpChannel } from '../order-loop/helpers.ts';

const requireFrom = (pkg: string) => createRequire(path.join(ROOT, pkg, 'package.json'));
const Database = requireFrom('services/payments')('better-sqlite3') as new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => { prepare(sql: string): { all(...params: unknown[]): unknown[] }; close(): void };
const { Redis } = requireFrom('services/queue')('ioredis') as {
  Redis: new (url: string, options: { maxRetriesPerRequest: number; lazyConnect: boolean }) => {
    connect(): Promise<void>;
    hgetall(key: string): Promise<Record<string, string>>;
    disconnect(): void;
  };
};

/** Every consumer queue the services declare (each with its `.dead` twin and retry queues). */
export const CONSUMER_QUEUES = [
  'orders.payment-events',
  'orders.eta-promises',
  'orders.reconcile-payments',
  'orders.sessions-revoked',
  'payments.payment-initiated',
  'payments.order-cancelled',
  'payments.sessions-revoked',
  'queue.order-events',
  'queue.menu-events',
  'queue.sessions-revoked',
  'menu.order-events',
  'menu.sessions-revoked',
  'bff.push-notifications',
] as const;

export interface OrderRow {
  id: number;
  key: string;
  status: string;
  paymentStatus: string;
  queueNumber: number | null;
}

export interface QueueEntryView {
  orderId: number;
  queueNumber: number;
  day: string;
}

export interface StoresSnapshot {
  /** The phase's order rows (found by the key in their special instructions). */
  orders: OrderRow[];
  /** Queue numbers held by more than one order row (all rows, not only the phase's). */
  sqlQueueNumbersTwice: number;
  /** Payments by order id: their statuses (one row per order unless something is wrong). */
  payments: Map<number, string[]>;
  /** The kitchen queue in Redis by order id. */
  queueEntries: Map<number, QueueEntryView>;
  /** Queue numbers held by more than one entry of the same day in Redis. */
  redisQueueNumbersTwice: number;
  outboxPending: { orders: number; payments: number };
  /** Messages on the consumer and retry queues (not yet handled). */
  brokerBacklog: number;
  /** Dead letters by queue (only queues that have some). */
  deadLetters: Record<string, number>;
}

export interface StoreLocations {
  mariadbUrl: string;
  ordersDatabase: string;
  paymentsDbPath: string;
  redisUrl: string;
  amqpUrl: string;
  /** The retry delays the services run with (their retry queues are named after them). */
  retryDelaysMs?: readonly number[];
}

type Rows = [Record<string, unknown>[], unknown];

export async function readStores(at: StoreLocations, phase: string): Promise<StoresSnapshot> {
  const db = `\`${at.ordersDatabase}\``;
  const [orderRows, twice, outbox] = await asRoot(at.mariadbUrl, async (conn) => {
    const rows = ((await conn.query(
      `SELECT id, special_instructions, status, payment_status, queue_number FROM ${db}.orders WHERE special_instructions LIKE 'chaos ${phase} %'`,
    )) as Rows)[0];
    const dup = ((await conn.query(
      `SELECT COUNT(*) AS n FROM (SELECT queue_number FROM ${db}.orders WHERE queue_number IS NOT NULL GROUP BY queue_number HAVING COUNT(*) > 1) d`,
    )) as Rows)[0];
    const pending = ((await conn.query(`SELECT COUNT(*) AS n FROM ${db}.outbox WHERE sent_at IS NULL`)) as Rows)[0];
    return [rows, Number(dup[0]!.n), Number(pending[0]!.n)] as const;
  });
  const orders = orderRows.map((row) => ({
    id: Number(row.id),
    key: String(row.special_instructions).split(' ')[2]!,
    status: String(row.status),
    paymentStatus: String(row.payment_status),
    queueNumber: row.queue_number === null ? null : Number(row.queue_number),
  }));

  const sqlite = new Database(at.paymentsDbPath, { readonly: true, fileMustExist: true });
  const payments = new Map<number, string[]>();
  let paymentsOutbox: number;
  try {
    for (const row of sqlite.prepare('SELECT order_id, status FROM payments').all() as { order_id: number; status: string }[]) {
      payments.set(row.order_id, [...(payments.get(row.order_id) ?? []), row.status]);
    }
    paymentsOutbox = (sqlite.prepare('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL').all()[0] as { n: number }).n;
  } finally {
    sqlite.close();
  }

  const redis = new Redis(at.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  const queueEntries = new Map<number, QueueEntryView>();
  const numbersByDay = new Map<string, number>();
  let redisQueueNumbersTwice = 0;
  try {
    await redis.connect();
    for (const json of Object.values(await redis.hgetall('queue:entries'))) {
      const entry = JSON.parse(json) as QueueEntryView;
      queueEntries.set(entry.orderId, { orderId: entry.orderId, queueNumber: entry.queueNumber, day: entry.day });
      const dayNumber = `${entry.day} ${entry.queueNumber}`;
      numbersByDay.set(dayNumber, (numbersByDay.get(dayNumber) ?? 0) + 1);
    }
    redisQueueNumbersTwice = [...numbersByDay.values()].filter((n) => n > 1).length;
  } finally {
    redis.disconnect();
  }

  let brokerBacklog = 0;
  const deadLetters: Record<string, number> = {};
  for (const queue of CONSUMER_QUEUES) {
    for (const member of queueFamily(queue, at.retryDelaysMs)) {
      // A queue not declared (yet) closes its channel: one channel per look.
      const count = await withAmqpChannel(at.amqpUrl, (channel) => channel.checkQueue(member).then((q) => q.messageCount, () => 0));
      if (member === deadLetterQueue(queue)) {
        if (count > 0) deadLetters[queue] = count;
      } else brokerBacklog += count;
    }
  }
  return {
    orders,
    sqlQueueNumbersTwice: twice,
    payments,
    queueEntries,
    redisQueueNumbersTwice,
    outboxPending: { orders: outbox, payments: paymentsOutbox },
    brokerBacklog,
    deadLetters,
  };
}
