import type Database from 'better-sqlite3';
import { runSqliteMigrations } from '@canteen/service-kit';

/**
 * The embedded queue schema, versioned by `PRAGMA user_version`. Append only: a migration that
 * has run anywhere is never edited, a change is a new entry with the next version. Times are
 * epoch milliseconds. The same data as the Redis adapter's keys, one table per kind.
 */
const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'days, numbers, entries, seen events, ready times, prep samples, stream',
    sql: `
      CREATE TABLE days (
        day         TEXT PRIMARY KEY,
        counter     INTEGER NOT NULL DEFAULT 0,
        wait_sum_ms INTEGER NOT NULL DEFAULT 0,
        wait_count  INTEGER NOT NULL DEFAULT 0,
        touched_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE day_numbers (
        day      TEXT NOT NULL,
        order_id INTEGER NOT NULL,
        number   INTEGER NOT NULL,
        PRIMARY KEY (day, order_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE entries (
        order_id INTEGER PRIMARY KEY,
        rank     INTEGER NOT NULL,
        active   INTEGER NOT NULL,
        entry    TEXT NOT NULL CHECK (json_valid(entry))
      ) STRICT;
      CREATE INDEX entries_active ON entries (active, order_id);

      CREATE TABLE seen_events (
        consumer TEXT NOT NULL,
        event_id TEXT NOT NULL,
        until    INTEGER NOT NULL,
        PRIMARY KEY (consumer, event_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX seen_events_until ON seen_events (until);

      CREATE TABLE ready_times (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ready_times_at ON ready_times (at);

      CREATE TABLE prep_samples (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        menu_item_id TEXT NOT NULL,
        ratio        REAL NOT NULL
      ) STRICT;
      CREATE INDEX prep_samples_item ON prep_samples (menu_item_id, id);

      -- seq is given by the store (the last one is kept in stream_seq), never reused.
      CREATE TABLE stream (
        seq         INTEGER PRIMARY KEY,
        message     TEXT NOT NULL CHECK (json_valid(message)),
        appended_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE stream_seq (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        last INTEGER NOT NULL
      ) STRICT;
      INSERT INTO stream_seq (id, last) VALUES (1, 0);
    `,
  },
];

export function runQueueMigrations(db: Database.Database): void {
  runSqliteMigrations(db, 'queue', migrations);
}
