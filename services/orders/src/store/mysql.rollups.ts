// The analytics rollups on MySQL/MariaDB: orders migration 5's tables and triggers, and their rebuild.

/** The session variable that, set, makes the version 5 triggers do nothing (on that connection only). */
export const ROLLUPS_PAUSED = '@canteen_analytics_rollups_paused';

// Version 5's SQL pieces: paid orders, a time's quarter-hour slot, milliseconds from a to b.
const paid = "('paid', 'partially_refunded', 'refunded')";
const slot = (at: string) => `(TIMESTAMPDIFF(MINUTE, '1970-01-01 00:00:00', ${at}) DIV 15)`;
const ms = (a: string, b: string) => `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) DIV 1000)`;

/**
 * Version 5 (frozen like the others), the same rollups as the SQLite schema's version 5: one row
 * per quarter hour (slot = minutes since the epoch DIV 15, UTC), kept by triggers in the
 * transaction of each write. The triggers come first, then the rows already there are rolled
 * up in one transaction that empties the rollups first, so the migration can run again.
 *
 * A trigger's upsert locks its rollup row until the commit, and every order placed in the same
 * quarter hour upserts the same row: placing an order, whose insert goes in its transaction's
 * first round trip, would hold it across a round trip (as the queue counter once did). So an
 * order is inserted with in_rollups = 0, which the triggers pass over, and the commit's round
 * trip sets it to 1, which rolls it and its lines up in one go (mysql.order-store.ts).
 */
export function v5AnalyticsRollups(): string[] {
  const upsert = (columns: string[]) => `ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = ${c} + VALUES(${c})`).join(', ')}`;
  const CREATED = ['orders', 'completed', 'cancelled', 'revenue_minor', 'refunded_minor'];
  const READY = ['ready_orders', 'waited_orders', 'wait_ms', 'promised_orders', 'eta_error_ms', 'eta_abs_error_ms', 'late_orders'];
  const DISH = ['line_count', 'quantity', 'revenue_minor'];
  const table = (body: string) => `${body}) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`;
  const created = (o: string, sign: string) =>
    `IF ${o}.in_rollups = 1 THEN
       INSERT INTO analytics_created (slot, ${CREATED.join(', ')})
       VALUES (${slot(`${o}.created_at`)}, ${sign}1, ${sign}(${o}.status = 'completed'), ${sign}(${o}.status = 'cancelled'),
               ${sign}(CASE WHEN ${o}.payment_status IN ${paid} THEN ${o}.total_minor - ${o}.refunded_minor ELSE 0 END), ${sign}${o}.refunded_minor)
       ${upsert(CREATED)};
     END IF;`;
  const ready = (o: string, sign: string) => {
    const error = ms(`${o}.promised_ready_at`, `${o}.ready_at`);
    return `IF ${o}.in_rollups = 1 AND ${o}.ready_at IS NOT NULL THEN
       INSERT INTO analytics_ready (slot, ${READY.join(', ')})
       VALUES (${slot(`${o}.ready_at`)}, ${sign}1, ${sign}(${o}.confirmed_at IS NOT NULL), ${sign}COALESCE(${ms(`${o}.confirmed_at`, `${o}.ready_at`)}, 0),
               ${sign}(${o}.promised_ready_at IS NOT NULL), ${sign}COALESCE(${error}, 0), ${sign}COALESCE(ABS(${error}), 0), ${sign}COALESCE(${error} > 60000, 0))
       ${upsert(READY)};
     END IF;`;
  };
  const dishes = (o: string, sign: string) =>
    `IF ${o}.in_rollups = 1 AND ${o}.status <> 'cancelled' THEN
       INSERT INTO analytics_dishes (slot, menu_item_id, item_name, ${DISH.join(', ')})
       SELECT ${slot(`${o}.created_at`)}, i.menu_item_id, i.item_name, ${sign}COUNT(*), ${sign}SUM(i.quantity), ${sign}SUM(i.quantity * i.unit_price_minor)
       FROM order_items i WHERE i.order_id = ${o}.id GROUP BY i.menu_item_id, i.item_name
       ${upsert(DISH)};
     END IF;`;
  const line = (i: string, sign: string) =>
    `INSERT INTO analytics_dishes (slot, menu_item_id, item_name, ${DISH.join(', ')})
       SELECT ${slot('o.created_at')}, ${i}.menu_item_id, ${i}.item_name, ${sign}1, ${sign}${i}.quantity, ${sign}${i}.quantity * ${i}.unit_price_minor
       FROM orders o WHERE o.id = ${i}.order_id AND o.in_rollups = 1 AND o.status <> 'cancelled'
       ${upsert(DISH)};`;
  // Reasons are TEXT: keyed by their SHA-1 (the same reason, the same row).
  const cancels = (o: string, sign: string) =>
    `IF ${o}.in_rollups = 1 AND ${o}.status = 'cancelled' THEN
       INSERT INTO analytics_cancels (slot, reason_key, reason, cancelled)
       VALUES (${slot(`${o}.created_at`)}, UNHEX(SHA1(COALESCE(${o}.cancel_reason, ''))), COALESCE(${o}.cancel_reason, ''), ${sign}1)
       ${upsert(['cancelled'])};
     END IF;`;
  const changed = (columns: string[]) => columns.map((c) => `NOT (OLD.${c} <=> NEW.${c})`).join(' OR ');
  // A bulk import of past orders pauses them on its connection and rebuilds its slots after (ROLLUPS_PAUSED).
  const trigger = (name: string, when: string, body: string) =>
    `CREATE TRIGGER IF NOT EXISTS ${name} ${when} FOR EACH ROW BEGIN\nIF ${ROLLUPS_PAUSED} IS NULL THEN\n${body}\nEND IF;\nEND`;
  return [
    // 0 while the transaction that places the order runs (see the comment above).
    'ALTER TABLE orders ADD COLUMN IF NOT EXISTS in_rollups TINYINT NOT NULL DEFAULT 1',
    table(`CREATE TABLE IF NOT EXISTS analytics_created (
        slot           BIGINT NOT NULL,
        orders         BIGINT NOT NULL,
        completed      BIGINT NOT NULL,
        cancelled      BIGINT NOT NULL,
        revenue_minor  BIGINT NOT NULL,
        refunded_minor BIGINT NOT NULL,
        PRIMARY KEY (slot)`),
    table(`CREATE TABLE IF NOT EXISTS analytics_ready (
        slot             BIGINT NOT NULL,
        ready_orders     BIGINT NOT NULL,
        waited_orders    BIGINT NOT NULL,
        wait_ms          BIGINT NOT NULL,
        promised_orders  BIGINT NOT NULL,
        eta_error_ms     BIGINT NOT NULL,
        eta_abs_error_ms BIGINT NOT NULL,
        late_orders      BIGINT NOT NULL,
        PRIMARY KEY (slot)`),
    table(`CREATE TABLE IF NOT EXISTS analytics_dishes (
        slot          BIGINT NOT NULL,
        menu_item_id  VARCHAR(64) NOT NULL,
        item_name     VARCHAR(255) NOT NULL,
        line_count    BIGINT NOT NULL,
        quantity      BIGINT NOT NULL,
        revenue_minor BIGINT NOT NULL,
        PRIMARY KEY (slot, menu_item_id, item_name)`),
    table(`CREATE TABLE IF NOT EXISTS analytics_cancels (
        slot       BIGINT NOT NULL,
        reason_key BINARY(20) NOT NULL,
        reason     TEXT NOT NULL,
        cancelled  BIGINT NOT NULL,
        PRIMARY KEY (slot, reason_key)`),
    trigger('analytics_order_inserted', 'AFTER INSERT ON orders', `${created('NEW', '+')}\n${ready('NEW', '+')}\n${cancels('NEW', '+')}`),
    trigger(
      'analytics_order_updated',
      'AFTER UPDATE ON orders',
      `IF ${changed(['in_rollups', 'created_at', 'status', 'payment_status', 'total_minor', 'refunded_minor'])} THEN
         ${created('OLD', '-')}
         ${created('NEW', '+')}
       END IF;
       IF ${changed(['in_rollups', 'ready_at', 'confirmed_at', 'promised_ready_at'])} THEN
         ${ready('OLD', '-')}
         ${ready('NEW', '+')}
       END IF;
       IF ${changed(['in_rollups', 'created_at'])} OR ((OLD.status = 'cancelled') <> (NEW.status = 'cancelled')) THEN
         ${dishes('OLD', '-')}
         ${dishes('NEW', '+')}
       END IF;
       IF ${changed(['in_rollups', 'created_at', 'status', 'cancel_reason'])} THEN
         ${cancels('OLD', '-')}
         ${cancels('NEW', '+')}
       END IF;`,
    ),
    // Before: its lines are still there (a cascade does not run their triggers in MariaDB).
    trigger('analytics_order_deleted', 'BEFORE DELETE ON orders', `${created('OLD', '-')}\n${ready('OLD', '-')}\n${dishes('OLD', '-')}\n${cancels('OLD', '-')}`),
    trigger('analytics_line_inserted', 'AFTER INSERT ON order_items', line('NEW', '+')),
    trigger('analytics_line_updated', 'AFTER UPDATE ON order_items', `${line('OLD', '-')}\n${line('NEW', '+')}`),
    trigger('analytics_line_deleted', 'AFTER DELETE ON order_items', line('OLD', '-')),
    ['START TRANSACTION', ...rebuildRollups(), 'COMMIT'].join(';\n'),
  ];
}

/**
 * Statements that recompute the rollups of version 5 from the orders: every slot, or only the
 * slots `first` to `last` (of placing and of becoming ready) after a bulk import. Run them in
 * one transaction. Version 5 uses them: a change here needs a migration that rebuilds again.
 */
export function rebuildRollups(slots?: { first: number; last: number }): string[] {
  const error = ms('promised_ready_at', 'ready_at');
  const at = (n: number) => `TIMESTAMPADD(MINUTE, ${Math.trunc(n) * 15}, '1970-01-01 00:00:00')`;
  const inSlots = (column: string) => (slots ? ` AND ${column} >= ${at(slots.first)} AND ${column} < ${at(slots.last + 1)}` : '');
  const emptied = (table: string) => `DELETE FROM ${table}${slots ? ` WHERE slot >= ${Math.trunc(slots.first)} AND slot <= ${Math.trunc(slots.last)}` : ''}`;
  return [
    emptied('analytics_created'),
    emptied('analytics_ready'),
    emptied('analytics_dishes'),
    emptied('analytics_cancels'),
    `INSERT INTO analytics_created (slot, orders, completed, cancelled, revenue_minor, refunded_minor)
       SELECT ${slot('created_at')} AS s, COUNT(*), SUM(status = 'completed'), SUM(status = 'cancelled'),
              SUM(CASE WHEN payment_status IN ${paid} THEN total_minor - refunded_minor ELSE 0 END), SUM(refunded_minor)
       FROM orders WHERE in_rollups = 1${inSlots('created_at')} GROUP BY s`,
    `INSERT INTO analytics_ready (slot, ready_orders, waited_orders, wait_ms, promised_orders, eta_error_ms, eta_abs_error_ms, late_orders)
       SELECT ${slot('ready_at')} AS s, COUNT(*), COUNT(confirmed_at), COALESCE(SUM(${ms('confirmed_at', 'ready_at')}), 0), COUNT(promised_ready_at),
              COALESCE(SUM(${error}), 0), COALESCE(SUM(ABS(${error})), 0), SUM(COALESCE(${error} > 60000, 0))
       FROM orders WHERE in_rollups = 1 AND ready_at IS NOT NULL${inSlots('ready_at')} GROUP BY s`,
    `INSERT INTO analytics_dishes (slot, menu_item_id, item_name, line_count, quantity, revenue_minor)
       SELECT ${slot('o.created_at')} AS s, i.menu_item_id, i.item_name, COUNT(*), SUM(i.quantity), SUM(i.quantity * i.unit_price_minor)
       FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.in_rollups = 1 AND o.status <> 'cancelled'${inSlots('o.created_at')} GROUP BY s, i.menu_item_id, i.item_name`,
    `INSERT INTO analytics_cancels (slot, reason_key, reason, cancelled)
       SELECT ${slot('created_at')} AS s, UNHEX(SHA1(COALESCE(cancel_reason, ''))) AS k, MAX(COALESCE(cancel_reason, '')), COUNT(*)
       FROM orders WHERE in_rollups = 1 AND status = 'cancelled'${inSlots('created_at')} GROUP BY s, k`,
  ];
}
