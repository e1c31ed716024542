import type { AnalyticsRequest, Bucket, DayFigures, OrderAnalyticsRows } from './order-analytics.store.ts';

/**
 * The analytics SQL both adapters run (SQLite and MariaDB accept the same text); only the
 * date values and the difference of two times differ. Buckets are given as a derived table of
 * UTC bounds computed from the canteen's time zone, so neither database needs time-zone data.
 */
export interface AnalyticsDialect<D> {
  date(value: Date): D;
  /** SQL for `b - a` in seconds, both columns of `orders`. */
  secondsBetween(a: string, b: string): string;
  /** SQL for which `sizeMs`-long bucket after the `?` instant `column` falls in (0, 1, …). */
  bucketIndex(column: string, sizeMs: number): string;
}

export type Query = [sql: string, params: unknown[]];

const PAID = "('paid', 'partially_refunded', 'refunded')";

function bucketTable<D>(buckets: readonly Bucket[], dialect: AnalyticsDialect<D>): Query {
  const rows = buckets.map((_, i) => (i === 0 ? 'SELECT ? AS k, ? AS f, ? AS t' : 'SELECT ?, ?, ?'));
  return [rows.join(' UNION ALL '), buckets.flatMap((b) => [b.key, dialect.date(b.from), dialect.date(b.to)])];
}

/** Contiguous buckets of one length (no daylight-saving change inside): counted by arithmetic on an index range scan. */
function uniform(buckets: readonly Bucket[]): { start: Date; end: Date; sizeMs: number } | undefined {
  const sizeMs = buckets[0] ? buckets[0].to.getTime() - buckets[0].from.getTime() : 0;
  const even = buckets.every((b, i) => b.to.getTime() - b.from.getTime() === sizeMs && (i === 0 || b.from.getTime() === buckets[i - 1]!.to.getTime()));
  return even && sizeMs > 0 ? { start: buckets[0]!.from, end: buckets.at(-1)!.to, sizeMs } : undefined;
}

/**
 * Bucketed figures: by arithmetic when the buckets are uniform (the usual case, and the fast
 * one: MariaDB joins a derived table of bounds row by row), else by a join on the bounds. The
 * key column is the bucket's key, or its index in `buckets` (mapped back by `bucketKey`).
 */
function bucketed<D>(buckets: readonly Bucket[], dialect: AnalyticsDialect<D>, select: string, where = ''): Query {
  const even = uniform(buckets);
  if (even) {
    const start = dialect.date(even.start);
    return [
      `SELECT ${dialect.bucketIndex('o.created_at', even.sizeMs)} AS k, ${select} FROM orders o
       WHERE o.created_at >= ? AND o.created_at < ?${where} GROUP BY k`,
      [start, start, dialect.date(even.end)],
    ];
  }
  const [table, params] = bucketTable(buckets, dialect);
  return [`SELECT b.k AS k, ${select} FROM (${table}) b JOIN orders o ON o.created_at >= b.f AND o.created_at < b.t${where ? ` WHERE ${where.slice(5)}` : ''} GROUP BY b.k`, params];
}

/** A bucket's key from a row's `k` (an index when counted by arithmetic). */
export function bucketKey(buckets: readonly Bucket[], k: unknown): string {
  if (typeof k === 'string' && !/^\d+(\.0+)?$/.test(k)) return k;
  return buckets[Number(k)]?.key ?? String(k);
}

export function analyticsQueries<D>(request: AnalyticsRequest, dialect: AnalyticsDialect<D>) {
  const range = [dialect.date(request.from), dialect.date(request.to)];
  const today = request.hours.filter((b) => b.key.startsWith('t'));
  const lastWeek = request.hours.filter((b) => !b.key.startsWith('t'));
  const wait = dialect.secondsBetween('confirmed_at', 'ready_at');
  const error = dialect.secondsBetween('promised_ready_at', 'ready_at');
  return {
    days: bucketed(
      request.days,
      dialect,
      `COUNT(*) AS orders,
              SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS completed,
              SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
              SUM(CASE WHEN o.payment_status IN ${PAID} THEN o.total_minor - o.refunded_minor ELSE 0 END) AS revenue,
              SUM(o.refunded_minor) AS refunded`,
    ),
    hoursToday: bucketed(today, dialect, 'COUNT(*) AS orders'),
    hoursLastWeek: bucketed(lastWeek, dialect, 'COUNT(*) AS orders'),
    topDishes: [
      `SELECT i.menu_item_id AS id, MAX(i.item_name) AS name, SUM(i.quantity) AS quantity, SUM(i.quantity * i.unit_price_minor) AS revenue
       FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'cancelled'
       GROUP BY i.menu_item_id ORDER BY quantity DESC, revenue DESC, id LIMIT ${Math.trunc(request.topDishes)}`,
      range,
    ] as Query,
    wait: [
      `SELECT COUNT(*) AS ready_orders, AVG(CASE WHEN confirmed_at IS NOT NULL THEN ${wait} END) AS avg_wait,
              COUNT(promised_ready_at) AS promised, AVG(${error}) AS avg_error,
              AVG(ABS(${error})) AS avg_abs_error, SUM(CASE WHEN ${error} > 60 THEN 1 ELSE 0 END) AS late
       FROM orders WHERE ready_at >= ? AND ready_at < ?`,
      range,
    ] as Query,
    cancelReasons: [
      `SELECT COALESCE(cancel_reason, '') AS reason, COUNT(*) AS count
       FROM orders WHERE status = 'cancelled' AND created_at >= ? AND created_at < ?
       GROUP BY COALESCE(cancel_reason, '') ORDER BY count DESC, reason LIMIT ${Math.trunc(request.cancelReasons)}`,
      range,
    ] as Query,
  };
}

type Row = Record<string, unknown>;
const num = (value: unknown): number => Number(value ?? 0);
const avg = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Rows of the queries, in analyticsQueries' order, as the port's figures. */
export function analyticsFromRows(
  request: AnalyticsRequest,
  [days, today, lastWeek, top, [wait], reasons]: [Row[], Row[], Row[], Row[], Row[], Row[]],
): OrderAnalyticsRows {
  const todayBuckets = request.hours.filter((b) => b.key.startsWith('t'));
  const lastWeekBuckets = request.hours.filter((b) => !b.key.startsWith('t'));
  return {
    days: days.map(
      (row): DayFigures => ({
        key: bucketKey(request.days, row.k),
        orders: num(row.orders),
        completed: num(row.completed),
        cancelled: num(row.cancelled),
        revenueMinor: num(row.revenue),
        refundedMinor: num(row.refunded),
      }),
    ),
    hours: [
      ...today.map((row) => ({ key: bucketKey(todayBuckets, row.k), orders: num(row.orders) })),
      ...lastWeek.map((row) => ({ key: bucketKey(lastWeekBuckets, row.k), orders: num(row.orders) })),
    ],
    topDishes: top.map((row) => ({ menuItemId: String(row.id), name: String(row.name), quantity: num(row.quantity), revenueMinor: num(row.revenue) })),
    wait: {
      readyOrders: num(wait?.ready_orders),
      averageWaitSeconds: avg(wait?.avg_wait),
      promisedOrders: num(wait?.promised),
      averageEtaErrorSeconds: avg(wait?.avg_error),
      averageAbsEtaErrorSeconds: avg(wait?.avg_abs_error),
      lateOrders: num(wait?.late),
    },
    cancelReasons: reasons.map((row) => ({ reason: String(row.reason), count: num(row.count) })),
  };
}

/** Columns of an imported order beyond the usual ones. */
export const HISTORY_TIME_COLUMNS = ['confirmed_at', 'preparing_at', 'ready_at', 'completed_at', 'cancelled_at', 'promised_ready_at'] as const;
