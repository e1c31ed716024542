import type Database from 'better-sqlite3';
import { runSqliteMigrations, sqliteAddOnConflict as upsert, sqliteRollupTriggers as triggers, type RollupRow, type RollupSign } from '@canteen/service-kit';

/**
 * The embedded orders schema, versioned by `PRAGMA user_version`. Append only: a migration that
 * has run anywhere is never edited, a change is a new entry with the next version. Same tables
 * and columns as the MySQL schema (mysql.migrations.ts); times are epoch milliseconds.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'orders, order items, outbox, inbox, idempotency keys',
    sql: `
      CREATE TABLE orders (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id              INTEGER NOT NULL,
        status               TEXT NOT NULL,
        total_minor          INTEGER NOT NULL,
        currency             TEXT NOT NULL,
        payment_id           TEXT,
        payment_method       TEXT NOT NULL,
        payment_status       TEXT NOT NULL,
        refunded_minor       INTEGER NOT NULL DEFAULT 0,
        queue_number         INTEGER,
        special_instructions TEXT,
        cancel_reason        TEXT,
        created_at           INTEGER NOT NULL,
        updated_at           INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX orders_user_created ON orders (user_id, created_at);
      CREATE INDEX orders_status ON orders (status, created_at);

      CREATE TABLE order_items (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id             INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        position             INTEGER NOT NULL,
        menu_item_id         TEXT NOT NULL,
        item_name            TEXT NOT NULL,
        quantity             INTEGER NOT NULL,
        unit_price_minor     INTEGER NOT NULL,
        special_instructions TEXT,
        options              TEXT NOT NULL CHECK (json_valid(options)),
        station              TEXT NOT NULL,
        preparation_time     INTEGER NOT NULL,
        UNIQUE (order_id, position)
      ) STRICT;

      -- NULL retry_at / lease_until mean "due" / "not leased".
      CREATE TABLE outbox (
        event_id    TEXT PRIMARY KEY,
        routing_key TEXT NOT NULL,
        payload     TEXT NOT NULL CHECK (json_valid(payload)),
        headers     TEXT CHECK (headers IS NULL OR json_valid(headers)),
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT,
        created_at  INTEGER NOT NULL,
        retry_at    INTEGER,
        lease_until INTEGER,
        sent_at     INTEGER
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (created_at) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

      CREATE TABLE inbox (
        consumer   TEXT NOT NULL,
        event_id   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (consumer, event_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE idempotency_keys (
        user_id      INTEGER NOT NULL,
        scope        TEXT NOT NULL,
        idem_key     TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('running', 'done')),
        status       INTEGER,
        body         TEXT CHECK (body IS NULL OR json_valid(body)),
        created_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        PRIMARY KEY (user_id, scope, idem_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX idempotency_keys_finished ON idempotency_keys (finished_at) WHERE state = 'done';
    `,
  },
  {
    version: 2,
    name: 'queue numbers: one counter row per canteen day',
    sql: `
      -- The last queue number given on a day (YYYY-MM-DD in the canteen's time zone); taken in
      -- the transaction that confirms the order, so a number is never given twice.
      CREATE TABLE queue_counters (
        day         TEXT PRIMARY KEY,
        last_number INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'order status history (each status with its time and who moved it); orders by queue number',
    sql: `
      -- Written in the transaction that changes the status. actor_role is CUSTOMER, STAFF or
      -- ADMIN (actor_id from the token) or system (payment events, reconciliation; no id).
      -- Orders placed before this migration have no history.
      CREATE TABLE order_status_history (
        id          INTEGER PRIMARY KEY,
        order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        from_status TEXT,
        to_status   TEXT NOT NULL,
        actor_id    INTEGER,
        actor_role  TEXT NOT NULL CHECK (actor_role IN ('CUSTOMER', 'STAFF', 'ADMIN', 'system')),
        reason      TEXT,
        at          INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX order_status_history_order ON order_status_history (order_id, id);
      -- The admin panel finds an order by the number a student shows at the counter.
      CREATE INDEX orders_queue_number ON orders (queue_number, created_at);
    `,
  },
  {
    version: 4,
    name: 'analytics: when each state was reached, the promised ready time, indexes for the figures',
    sql: `
      ALTER TABLE orders ADD COLUMN confirmed_at INTEGER;
      ALTER TABLE orders ADD COLUMN preparing_at INTEGER;
      ALTER TABLE orders ADD COLUMN ready_at INTEGER;
      ALTER TABLE orders ADD COLUMN completed_at INTEGER;
      ALTER TABLE orders ADD COLUMN cancelled_at INTEGER;
      -- The ready time the queue first promised the student (its ETA when the order was confirmed).
      ALTER TABLE orders ADD COLUMN promised_ready_at INTEGER;
      -- Covering indexes: the day figures, the waits and the top dishes read no table rows.
      CREATE INDEX orders_created_figures ON orders (created_at, status, payment_status, total_minor, refunded_minor);
      CREATE INDEX orders_ready ON orders (ready_at, confirmed_at, promised_ready_at);
      CREATE INDEX order_items_dish ON order_items (order_id, menu_item_id, quantity, unit_price_minor, item_name);
    `,
  },
  {
    version: 5,
    name: 'analytics rollups: the figures per quarter hour, kept by triggers in the transaction of each write',
    sql: v5AnalyticsRollups(),
  },
];

/**
 * Version 5 (frozen like the others: its text must not change once shipped). The analytics read
 * these small tables instead of every order: one row per quarter hour (slot = epoch ms DIV
 * 900,000, UTC, so any time zone's days and hours, whole or half or quarter past, are whole
 * slots). Triggers keep them in the transaction of each write (an order's row, its lines), so
 * they never lag; averages are kept as sums and counts of exact milliseconds. The rows already
 * there are rolled up by the migration itself.
 */
function v5AnalyticsRollups(): string {
  const paid = "('paid', 'partially_refunded', 'refunded')";
  const slot = (at: string) => `${at} / 900000`;
  const CREATED = ['orders', 'completed', 'cancelled', 'revenue_minor', 'refunded_minor'];
  const READY = ['ready_orders', 'waited_orders', 'wait_ms', 'promised_orders', 'eta_error_ms', 'eta_abs_error_ms', 'late_orders'];
  const DISH = ['line_count', 'quantity', 'revenue_minor'];
  // One order's share of each table, added (+) or taken back (-).
  const created = (o: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_created (slot, ${CREATED.join(', ')})
       VALUES (${slot(`${o}.created_at`)}, ${sign}1, ${sign}(${o}.status = 'completed'), ${sign}(${o}.status = 'cancelled'),
               ${sign}(CASE WHEN ${o}.payment_status IN ${paid} THEN ${o}.total_minor - ${o}.refunded_minor ELSE 0 END), ${sign}${o}.refunded_minor)
       ${upsert(CREATED)};`;
  const ready = (o: RollupRow, sign: RollupSign) => {
    const error = `(${o}.ready_at - ${o}.promised_ready_at)`;
    return `INSERT INTO analytics_ready (slot, ${READY.join(', ')})
       SELECT ${slot(`${o}.ready_at`)}, ${sign}1, ${sign}(${o}.confirmed_at IS NOT NULL), ${sign}COALESCE(${o}.ready_at - ${o}.confirmed_at, 0),
              ${sign}(${o}.promised_ready_at IS NOT NULL), ${sign}COALESCE(${error}, 0), ${sign}COALESCE(ABS(${error}), 0), ${sign}COALESCE(${error} > 60000, 0)
       WHERE ${o}.ready_at IS NOT NULL
       ${upsert(READY)};`;
  };
  const dishes = (o: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_dishes (slot, menu_item_id, item_name, ${DISH.join(', ')})
       SELECT ${slot(`${o}.created_at`)}, i.menu_item_id, i.item_name, ${sign}COUNT(*), ${sign}SUM(i.quantity), ${sign}SUM(i.quantity * i.unit_price_minor)
       FROM order_items i WHERE i.order_id = ${o}.id AND ${o}.status <> 'cancelled' GROUP BY i.menu_item_id, i.item_name
       ${upsert(DISH)};`;
  const line = (i: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_dishes (slot, menu_item_id, item_name, ${DISH.join(', ')})
       SELECT ${slot('o.created_at')}, ${i}.menu_item_id, ${i}.item_name, ${sign}1, ${sign}${i}.quantity, ${sign}${i}.quantity * ${i}.unit_price_minor
       FROM orders o WHERE o.id = ${i}.order_id AND o.status <> 'cancelled'
       ${upsert(DISH)};`;
  // Keyed by the reason itself (MariaDB's table keys it by its hash): the same reads serve both.
  const cancels = (o: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_cancels (slot, reason_key, reason, cancelled)
       SELECT ${slot(`${o}.created_at`)}, COALESCE(${o}.cancel_reason, ''), COALESCE(${o}.cancel_reason, ''), ${sign}1 WHERE ${o}.status = 'cancelled'
       ${upsert(['cancelled'])};`;
  return `
      -- Orders by the quarter hour they were placed in: counts and money (revenue net of refunds, paid orders only).
      CREATE TABLE analytics_created (
        slot           INTEGER PRIMARY KEY,
        orders         INTEGER NOT NULL,
        completed      INTEGER NOT NULL,
        cancelled      INTEGER NOT NULL,
        revenue_minor  INTEGER NOT NULL,
        refunded_minor INTEGER NOT NULL
      ) STRICT;
      -- Orders by the quarter hour they became ready: waits (confirmed to ready) and ETA errors (ready - promised), in ms.
      CREATE TABLE analytics_ready (
        slot             INTEGER PRIMARY KEY,
        ready_orders     INTEGER NOT NULL,
        waited_orders    INTEGER NOT NULL,
        wait_ms          INTEGER NOT NULL,
        promised_orders  INTEGER NOT NULL,
        eta_error_ms     INTEGER NOT NULL,
        eta_abs_error_ms INTEGER NOT NULL,
        late_orders      INTEGER NOT NULL
      ) STRICT;
      -- Lines of orders not cancelled, by the quarter hour the order was placed in, per dish and the name it had.
      CREATE TABLE analytics_dishes (
        slot          INTEGER NOT NULL,
        menu_item_id  TEXT NOT NULL,
        item_name     TEXT NOT NULL,
        line_count    INTEGER NOT NULL,
        quantity      INTEGER NOT NULL,
        revenue_minor INTEGER NOT NULL,
        PRIMARY KEY (slot, menu_item_id, item_name)
      ) STRICT, WITHOUT ROWID;
      -- Cancelled orders by the quarter hour they were placed in and their reason ('' for none).
      CREATE TABLE analytics_cancels (
        slot       INTEGER NOT NULL,
        reason_key TEXT NOT NULL,
        reason     TEXT NOT NULL,
        cancelled  INTEGER NOT NULL,
        PRIMARY KEY (slot, reason_key)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO analytics_created (slot, ${CREATED.join(', ')})
        SELECT ${slot('created_at')}, COUNT(*), SUM(status = 'completed'), SUM(status = 'cancelled'),
               SUM(CASE WHEN payment_status IN ${paid} THEN total_minor - refunded_minor ELSE 0 END), SUM(refunded_minor)
        FROM orders GROUP BY 1;
      INSERT INTO analytics_ready (slot, ${READY.join(', ')})
        SELECT ${slot('ready_at')}, COUNT(*), COUNT(confirmed_at), COALESCE(SUM(ready_at - confirmed_at), 0), COUNT(promised_ready_at),
               COALESCE(SUM(ready_at - promised_ready_at), 0), COALESCE(SUM(ABS(ready_at - promised_ready_at)), 0),
               SUM(COALESCE(ready_at - promised_ready_at > 60000, 0))
        FROM orders WHERE ready_at IS NOT NULL GROUP BY 1;
      INSERT INTO analytics_dishes (slot, menu_item_id, item_name, ${DISH.join(', ')})
        SELECT ${slot('o.created_at')}, i.menu_item_id, i.item_name, COUNT(*), SUM(i.quantity), SUM(i.quantity * i.unit_price_minor)
        FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status <> 'cancelled' GROUP BY 1, 2, 3;
      INSERT INTO analytics_cancels (slot, reason_key, reason, cancelled)
        SELECT ${slot('created_at')}, COALESCE(cancel_reason, ''), COALESCE(cancel_reason, ''), COUNT(*) FROM orders WHERE status = 'cancelled' GROUP BY 1, 2;

      ${triggers('analytics_created', 'orders', ['created_at', 'status', 'payment_status', 'total_minor', 'refunded_minor'], created)}
      ${triggers('analytics_ready', 'orders', ['ready_at', 'confirmed_at', 'promised_ready_at'], ready)}
      ${triggers('analytics_dishes_of_order', 'orders', [], dishes, {
        events: ['UPDATE', 'DELETE'],
        updateWhen: "OLD.created_at IS NOT NEW.created_at OR (OLD.status = 'cancelled') IS NOT (NEW.status = 'cancelled')",
        // Before: its lines are still there (their own trigger finds no order once it is gone).
        deleteTiming: 'BEFORE',
      })}
      ${triggers('analytics_cancels', 'orders', ['created_at', 'status', 'cancel_reason'], cancels)}
      ${triggers('analytics_dishes_of_line', 'order_items', ['order_id', 'menu_item_id', 'item_name', 'quantity', 'unit_price_minor'], line)}
    `;
}

export function runMigrations(db: Database.Database): void {
  runSqliteMigrations(db, 'orders', migrations);
}
