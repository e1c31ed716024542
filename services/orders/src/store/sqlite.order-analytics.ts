import type Database from 'better-sqlite3';
import { isOrderId, ITEM_WRITE_COLUMNS, itemValues, ORDER_WRITE_COLUMNS, orderValues } from './order.rows.ts';
import { analyticsFromRows, analyticsQueries, HISTORY_TIME_COLUMNS, rollupAnswers, rollupQueries, type AnalyticsDialect, type Query } from './order-analytics.sql.ts';
import type { AnalyticsRequest, HistoricalOrder, OrderAnalyticsStore } from './order-analytics.store.ts';

const dialect: AnalyticsDialect<number> = {
  date: (value) => value.getTime(),
  secondsBetween: (a, b) => `((${b} - ${a}) / 1000.0)`,
  // better-sqlite3 binds a JS number as REAL, so the quotient is cast (truncated) to the index.
  bucketIndex: (column, sizeMs) => `CAST((${column} - ?) / ${Math.trunc(sizeMs)} AS INTEGER)`,
  slotIndex: (column, size) => `CAST((${column} - ?) / ${Math.trunc(size)} AS INTEGER)`,
};
const fromDate = (date: Date): number => date.getTime();
const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The analytics half of the embedded orders store, on the store's own connection. */
export function createSqliteOrderAnalytics(db: Database.Database): OrderAnalyticsStore {
  const insertOrder = () =>
    db.prepare(
      `INSERT INTO orders (${[...ORDER_WRITE_COLUMNS, ...HISTORY_TIME_COLUMNS].join(', ')}) VALUES (${marks(ORDER_WRITE_COLUMNS.length + HISTORY_TIME_COLUMNS.length)})`,
    );
  const insertItem = () => db.prepare(`INSERT INTO order_items (${ITEM_WRITE_COLUMNS.join(', ')}) VALUES (${marks(ITEM_WRITE_COLUMNS.length)})`);

  const all = ([text, params]: Query) => db.prepare(text).all(...params) as Record<string, unknown>[];
  // One read transaction: the figures describe the same moment.
  const figures = (request: AnalyticsRequest, q: ReturnType<typeof analyticsQueries>) =>
    db.transaction(() => analyticsFromRows(request, [all(q.days), all(q.hoursToday), all(q.hoursLastWeek), all(q.topDishes), all(q.wait), all(q.cancelReasons)]))();

  return {
    async analytics(request) {
      return figures(request, rollupAnswers(request) ? rollupQueries(request, dialect) : analyticsQueries(request, dialect));
    },

    async analyticsFromOrders(request) {
      return figures(request, analyticsQueries(request, dialect));
    },

    async recordPromisedReadyAt(orderId, at) {
      if (!isOrderId(orderId)) return false;
      return db.prepare('UPDATE orders SET promised_ready_at = ? WHERE id = ? AND promised_ready_at IS NULL').run(at.getTime(), orderId).changes === 1;
    },

    async importHistory(orders: readonly HistoricalOrder[]) {
      const order = insertOrder();
      const item = insertItem();
      return db.transaction(() =>
        orders.map((o) => {
          const id = Number(
            order.run(...orderValues(o, fromDate), ms(o.confirmedAt), ms(o.preparingAt), ms(o.readyAt), ms(o.completedAt), ms(o.cancelledAt), ms(o.promisedReadyAt))
              .lastInsertRowid,
          );
          o.items.forEach((line, position) => item.run(...itemValues(id, position, line)));
          return id;
        }),
      )();
    },

    async countOrders() {
      return Number((db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n);
    },
  };
}
