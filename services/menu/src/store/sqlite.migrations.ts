import type Database from 'better-sqlite3';
import { runSqliteMigrations } from '@canteen/service-kit';

/**
 * The embedded menu schema, versioned by `PRAGMA user_version`. Append only: a migration that
 * has run anywhere is never edited, a change is a new entry with the next version.
 *
 * A document store: each record is a JSON document (`doc`, the same snake_case shape the
 * MongoDB adapter stores) plus the few columns that are filtered, sorted or kept unique on,
 * written from the document in the same statement.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'categories, menu items, outbox',
    sql: `
      CREATE TABLE categories (
        id            TEXT PRIMARY KEY,
        name_lower    TEXT NOT NULL UNIQUE,
        display_order INTEGER NOT NULL,
        active        INTEGER NOT NULL,
        doc           TEXT NOT NULL CHECK (json_valid(doc))
      ) STRICT;
      CREATE INDEX categories_order ON categories (display_order, name_lower);

      CREATE TABLE menu_items (
        id          TEXT PRIMARY KEY,
        category_id TEXT NOT NULL REFERENCES categories (id),
        name_lower  TEXT NOT NULL,
        available   INTEGER NOT NULL,
        doc         TEXT NOT NULL CHECK (json_valid(doc))
      ) STRICT;
      CREATE INDEX menu_items_category ON menu_items (category_id, name_lower);
      CREATE INDEX menu_items_available ON menu_items (available);

      -- Times are epoch milliseconds. lease_until = 0 and retry_at <= now mean "free to claim".
      CREATE TABLE outbox (
        event_id    TEXT PRIMARY KEY,
        routing_key TEXT NOT NULL,
        payload     TEXT NOT NULL CHECK (json_valid(payload)),
        headers     TEXT CHECK (headers IS NULL OR json_valid(headers)),
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT,
        created_at  INTEGER NOT NULL,
        retry_at    INTEGER NOT NULL,
        lease_until INTEGER NOT NULL DEFAULT 0,
        sent_at     INTEGER
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (created_at) WHERE sent_at IS NULL;
      CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'stock reservations',
    sql: `
      -- lines: [{itemId, quantity}] of the counted items taken. Times are epoch milliseconds.
      CREATE TABLE stock_reservations (
        id          TEXT PRIMARY KEY,
        order_id    INTEGER UNIQUE,
        lines       TEXT NOT NULL CHECK (json_valid(lines)),
        state       TEXT NOT NULL CHECK (state IN ('held', 'released')),
        created_at  INTEGER NOT NULL,
        released_at INTEGER
      ) STRICT;
      CREATE INDEX stock_reservations_unclaimed ON stock_reservations (created_at) WHERE state = 'held' AND order_id IS NULL;

      -- Orders cancelled before their order.created was seen: the late claim releases at once.
      CREATE TABLE cancelled_orders (
        order_id     INTEGER PRIMARY KEY,
        cancelled_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];

export function runMigrations(db: Database.Database): void {
  runSqliteMigrations(db, 'menu', migrations);
}
