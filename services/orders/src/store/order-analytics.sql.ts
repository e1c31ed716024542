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
  /** SQL for which `size`-slot bucket after the `?` slot the integer `column` falls in. */
  slotIndex(column: string, size: number): string;
}

export type Query = [sql: string, params: unknown[]];

const PAID = "('paid', 'partially_refunded', 'refunded')";

/** Where bucketed figures are counted: a table, its time column, and how a bound becomes a value of it. */
interface BucketSource {
  from: string;
  column: string;
  value(date: Date): unknown;
  /** SQL for which `sizeMs`-long bucket after the `?` value `column` falls in (0, 1, …). */
  index(column: string, sizeMs: number): string;
}

function bucketTable(buckets: readonly Bucket[], source: BucketSource): Query {
  const rows = buckets.map((_, i) => (i === 0 ? 'SELECT ? AS k, ? AS f, ? AS t' : 'SELECT ?, ?, ?'));
  return [rows.join(' UNION ALL '), buckets.flatMap((b) => [b.key, source.value(b.from), source.value(b.to)])];
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
function bucketed(buckets: readonly Bucket[], source: BucketSource, select: string, where = '', having = ''): Query {
  const even = uniform(buckets);
  const tail = `${having ? ` HAVING ${having}` : ''}`;
  if (even) {
    const start = source.value(even.start);
    return [
      `SELECT ${source.index(source.column, even.sizeMs)} AS k, ${select} FROM ${source.from}
       WHERE ${source.column} >= ? AND ${source.column} < ?${where} GROUP BY k${tail}`,
      [start, start, source.value(even.end)],
    ];
  }
  const [table, params] = bucketTable(buckets, source);
  return [
    `SELECT b.k AS k, ${select} FROM (${table}) b JOIN ${source.from} ON ${source.column} >= b.f AND ${source.column} < b.t${where ? ` WHERE ${where.slice(5)}` : ''} GROUP BY b.k${tail}`,
    params,
  ];
}

/** A bucket's key from a row's `k` (an index when counted by arithmetic). */
export function bucketKey(buckets: readonly Bucket[], k: unknown): string {
  if (typeof k === 'string' && !/^\d+(\.0+)?$/.test(k)) return k;
  return buckets[Number(k)]?.key ?? String(k);
}

const ordersBy = <D>(dialect: AnalyticsDialect<D>): BucketSource => ({ from: 'orders o', column: 'o.created_at', value: dialect.date, index: dialect.bucketIndex });

const cancelReasons = <D>(request: AnalyticsRequest, dialect: AnalyticsDialect<D>): Query => [
  `SELECT COALESCE(cancel_reason, '') AS reason, COUNT(*) AS count
   FROM orders WHERE status = 'cancelled' AND created_at >= ? AND created_at < ?
   GROUP BY COALESCE(cancel_reason, '') ORDER BY count DESC, reason LIMIT ${Math.trunc(request.cancelReasons)}`,
  [dialect.date(request.from), dialect.date(request.to)],
];

const hourBuckets = (request: AnalyticsRequest) => ({
  today: request.hours.filter((b) => b.key.startsWith('t')),
  lastWeek: request.hours.filter((b) => !b.key.startsWith('t')),
});

/** The rollups' time unit (migration 5): a quarter hour, in which every time zone's days and hours start. */
export const SLOT_MS = 900_000;
const inSlots = (date: Date) => date.getTime() % SLOT_MS === 0;

/** Whether every bound of the request starts a slot, so the rollups can answer it exactly. */
export function rollupAnswers(request: AnalyticsRequest): boolean {
  return [request.from, request.to, ...[...request.days, ...request.hours].flatMap((b) => [b.from, b.to])].every(inSlots);
}

/**
 * The figures from the rollups (migration 5): the same numbers as `analyticsQueries`, read from a
 * few rows per quarter hour instead of every order. Only for a request whose bounds start slots
 * (`rollupAnswers`). Slot numbers are integers in both databases, so only the division differs.
 */
export function rollupQueries<D>(request: AnalyticsRequest, dialect: AnalyticsDialect<D>) {
  const slot = (date: Date) => date.getTime() / SLOT_MS;
  const created: BucketSource = { from: 'analytics_created s', column: 's.slot', value: slot, index: (column, sizeMs) => dialect.slotIndex(column, sizeMs / SLOT_MS) };
  const range = [slot(request.from), slot(request.to)];
  const { today, lastWeek } = hourBuckets(request);
  const orders = 'SUM(s.orders) AS orders';
  return {
    days: bucketed(
      request.days,
      created,
      `${orders}, SUM(s.completed) AS completed, SUM(s.cancelled) AS cancelled, SUM(s.revenue_minor) AS revenue, SUM(s.refunded_minor) AS refunded`,
      '',
      'SUM(s.orders) <> 0',
    ),
    hoursToday: bucketed(today, created, orders, '', 'SUM(s.orders) <> 0'),
    hoursLastWeek: bucketed(lastWeek, created, orders, '', 'SUM(s.orders) <> 0'),
    // A name counts while a line of an order not cancelled has it (line_count > 0), as MAX over those lines did.
    topDishes: [
      `SELECT menu_item_id AS id, MAX(CASE WHEN line_count > 0 THEN item_name END) AS name, SUM(quantity) AS quantity, SUM(revenue_minor) AS revenue
       FROM analytics_dishes WHERE slot >= ? AND slot < ?
       GROUP BY menu_item_id HAVING SUM(line_count) > 0 ORDER BY 3 DESC, 4 DESC, 1 LIMIT ${Math.trunc(request.topDishes)}`,
      range,
    ] as Query,
    wait: [
      `SELECT SUM(ready_orders) AS ready_orders, SUM(waited_orders) AS waited, SUM(wait_ms) AS wait_ms, SUM(promised_orders) AS promised,
              SUM(eta_error_ms) AS error_ms, SUM(eta_abs_error_ms) AS abs_error_ms, SUM(late_orders) AS late
       FROM analytics_ready WHERE slot >= ? AND slot < ?`,
      range,
    ] as Query,
    // reason_key: the reason in SQLite, its SHA-1 in MariaDB (a TEXT groups by its first bytes only there).
    cancelReasons: [
      `SELECT MAX(reason) AS reason, SUM(cancelled) AS count FROM analytics_cancels WHERE slot >= ? AND slot < ?
       GROUP BY reason_key HAVING SUM(cancelled) <> 0 ORDER BY count DESC, reason LIMIT ${Math.trunc(request.cancelReasons)}`,
      range,
    ] as Query,
  };
}

/**
 * The figures aggregated from the orders themselves, as before the rollups: the reference the
 * rollups are checked against, and the answer for bounds that do not start a slot.
 */
export function analyticsQueries<D>(request: AnalyticsRequest, dialect: AnalyticsDialect<D>) {
  const range = [dialect.date(request.from), dialect.date(request.to)];
  const { today, lastWeek } = hourBuckets(request);
  const orders = ordersBy(dialect);
  const wait = dialect.secondsBetween('confirmed_at', 'ready_at');
  const error = dialect.secondsBetween('promised_ready_at', 'ready_at');
  return {
    days: bucketed(
      request.days,
      orders,
      `COUNT(*) AS orders,
              SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS completed,
              SUM(CASE WHEN o.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
              SUM(CASE WHEN o.payment_status IN ${PAID} THEN o.total_minor - o.refunded_minor ELSE 0 END) AS revenue,
              SUM(o.refunded_minor) AS refunded`,
    ),
    hoursToday: bucketed(today, orders, 'COUNT(*) AS orders'),
    hoursLastWeek: bucketed(lastWeek, orders, 'COUNT(*) AS orders'),
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
    cancelReasons: cancelReasons(request, dialect),
  };
}

type Row = Record<string, unknown>;
const num = (value: unknown): number => Number(value ?? 0);
const avg = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** Seconds from a sum of milliseconds over a count (null when nothing was counted). */
const perOrderSeconds = (sumMs: unknown, count: unknown): number | null => (num(count) > 0 ? num(sumMs) / num(count) / 1000 : null);

/** The wait row of either source: averages from the orders, or exact sums and counts from the rollup. */
function waitFigures(row: Row | undefined): OrderAnalyticsRows['wait'] {
  const common = { readyOrders: num(row?.ready_orders), promisedOrders: num(row?.promised), lateOrders: num(row?.late) };
  if (row && 'wait_ms' in row) {
    return {
      ...common,
      averageWaitSeconds: perOrderSeconds(row.wait_ms, row.waited),
      averageEtaErrorSeconds: perOrderSeconds(row.error_ms, row.promised),
      averageAbsEtaErrorSeconds: perOrderSeconds(row.abs_error_ms, row.promised),
    };
  }
  return { ...common, averageWaitSeconds: avg(row?.avg_wait), averageEtaErrorSeconds: avg(row?.avg_error), averageAbsEtaErrorSeconds: avg(row?.avg_abs_error) };
}

/** Rows of the queries (analyticsQueries' or rollupQueries', in their order), as the port's figures. */
export function analyticsFromRows(
  request: AnalyticsRequest,
  [days, today, lastWeek, top, [wait], reasons]: [Row[], Row[], Row[], Row[], Row[], Row[]],
): OrderAnalyticsRows {
  const { today: todayBuckets, lastWeek: lastWeekBuckets } = hourBuckets(request);
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
    wait: waitFigures(wait),
    cancelReasons: reasons.map((row) => ({ reason: String(row.reason), count: num(row.count) })),
  };
}

/** Columns of an imported order beyond the usual ones. */
export const HISTORY_TIME_COLUMNS = ['confirmed_at', 'preparing_at', 'ready_at', 'completed_at', 'cancelled_at', 'promised_ready_at'] as const;
