import type Database from 'better-sqlite3';
import { runSqliteMigrations } from '@canteen/service-kit';

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
];

export function runMigrations(db: Database.Database): void {
  runSqliteMigrations(db, 'orders', migrations);
}
