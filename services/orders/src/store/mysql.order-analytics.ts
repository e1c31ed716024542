import type { Pool, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { isOrderId, ITEM_WRITE_COLUMNS, itemValues, ORDER_WRITE_COLUMNS, orderValues } from './order.rows.ts';
import { analyticsFromRows, analyticsQueries, HISTORY_TIME_COLUMNS, rollupAnswers, rollupQueries, SLOT_MS, type AnalyticsDialect, type Query } from './order-analytics.sql.ts';
import { rebuildRollups, ROLLUPS_PAUSED } from './mysql.rollups.ts';
import type { AnalyticsRequest, HistoricalOrder, OrderAnalyticsStore } from './order-analytics.store.ts';

const dialect: AnalyticsDialect<Date> = {
  date: (value) => value,
  secondsBetween: (a, b) => `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) / 1000000)`,
  bucketIndex: (column, sizeMs) => `FLOOR(TIMESTAMPDIFF(MICROSECOND, ?, ${column}) / ${Math.trunc(sizeMs) * 1000})`,
  slotIndex: (column, size) => `((${column} - ?) DIV ${Math.trunc(size)})`,
};
const identity = (date: Date): Date => date;
/** Orders per INSERT when importing: large statements, well under max_allowed_packet. */
const IMPORT_CHUNK = 2000;

/** The first and last quarter-hour slots imported orders were placed or became ready in. */
function historySlots(orders: readonly HistoricalOrder[]): { first: number; last: number } | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const o of orders) {
    for (const at of [o.createdAt, o.readyAt]) {
      if (!at) continue;
      first = Math.min(first, at.getTime());
      last = Math.max(last, at.getTime());
    }
  }
  return orders.length === 0 ? undefined : { first: Math.floor(first / SLOT_MS), last: Math.floor(last / SLOT_MS) };
}

/** The analytics half of the MariaDB orders store. */
export function createMysqlOrderAnalytics(pool: Pool): OrderAnalyticsStore {
  const rows = async ([text, params]: Query) => (await pool.query<RowDataPacket[]>(text, params))[0] as Record<string, unknown>[];

  // In parallel on the pool's connections: the figures are independent reads.
  const figures = async (request: AnalyticsRequest, q: ReturnType<typeof analyticsQueries>) =>
    analyticsFromRows(request, await Promise.all([rows(q.days), rows(q.hoursToday), rows(q.hoursLastWeek), rows(q.topDishes), rows(q.wait), rows(q.cancelReasons)]));

  return {
    async analytics(request) {
      return figures(request, rollupAnswers(request) ? rollupQueries(request, dialect) : analyticsQueries(request, dialect));
    },

    async analyticsFromOrders(request) {
      return figures(request, analyticsQueries(request, dialect));
    },

    async recordPromisedReadyAt(orderId, at) {
      if (!isOrderId(orderId)) return false;
      const [result] = await pool.query<ResultSetHeader>('UPDATE orders SET promised_ready_at = ? WHERE id = ? AND promised_ready_at IS NULL', [at, orderId]);
      return result.affectedRows === 1;
    },

    async importHistory(orders: readonly HistoricalOrder[]) {
      const conn = await pool.getConnection();
      const ids: number[] = [];
      let paused = false;
      try {
        // Row by row, the rollups' triggers would make the import several times slower: paused
        // on this connection, and the slots the history falls in are rolled up again at the end.
        await conn.query(`SET ${ROLLUPS_PAUSED} = 1`);
        paused = true;
        await conn.beginTransaction();
        for (let start = 0; start < orders.length; start += IMPORT_CHUNK) {
          const chunk = orders.slice(start, start + IMPORT_CHUNK);
          const values = chunk.map((o) => [
            ...orderValues(o, identity),
            o.confirmedAt, o.preparingAt, o.readyAt, o.completedAt, o.cancelledAt, o.promisedReadyAt,
          ]);
          const [result] = await conn.query<ResultSetHeader>(
            `INSERT INTO orders (${[...ORDER_WRITE_COLUMNS, ...HISTORY_TIME_COLUMNS].join(', ')}) VALUES ?`,
            [values],
          );
          // One multi-row INSERT takes consecutive ids (InnoDB allocates them for the whole
          // statement); checked, since the lines below are written under those ids.
          const first = Number(result.insertId);
          const [[last]] = await conn.query<RowDataPacket[]>('SELECT MAX(id) AS id FROM orders');
          if (Number(last?.id) !== first + chunk.length - 1) throw new Error('imported orders did not get consecutive ids');
          const lines = chunk.flatMap((o, i) => o.items.map((line, position) => itemValues(first + i, position, line)));
          if (lines.length > 0) await conn.query(`INSERT INTO order_items (${ITEM_WRITE_COLUMNS.join(', ')}) VALUES ?`, [lines]);
          chunk.forEach((_, i) => ids.push(first + i));
        }
        const slots = historySlots(orders);
        if (slots) await conn.query(rebuildRollups(slots).join(';\n'));
        await conn.commit();
        return ids;
      } catch (err) {
        await conn.rollback().catch(() => undefined);
        throw err;
      } finally {
        // A connection whose triggers stay paused must not go back to the pool.
        const resumed = paused ? await conn.query(`SET ${ROLLUPS_PAUSED} = NULL`).then(() => true, () => false) : true;
        if (resumed) conn.release();
        else conn.destroy();
      }
    },

    async countOrders() {
      const [[row]] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders');
      return Number(row?.n ?? 0);
    },
  };
}
