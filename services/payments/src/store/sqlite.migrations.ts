import type Database from 'better-sqlite3';
import { runSqliteMigrations, sqliteAddOnConflict as upsert, sqliteRollupTriggers as triggers, type RollupRow, type RollupSign } from '@canteen/service-kit';

/**
 * The payments schema, versioned by `PRAGMA user_version`. Append only: a migration that has
 * run anywhere is never edited; a change is a new entry with the next version.
 *
 * Money is integer minor units. Payment and refund times are ISO-8601 UTC text (they sort and
 * compare as text, and the API shows them as they are); outbox and inbox times are epoch ms.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'payments, refunds, order cancellations, inbox, outbox',
    sql: `
      CREATE TABLE payments (
        id             INTEGER PRIMARY KEY,
        payment_id     TEXT NOT NULL UNIQUE,
        -- One payment per order, whoever asks twice (a redelivered or repeated event, staff).
        order_id       INTEGER NOT NULL UNIQUE,
        user_id        INTEGER NOT NULL,
        amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
        currency       TEXT NOT NULL,
        status         TEXT NOT NULL
                       CHECK (status IN ('pending', 'success', 'failed', 'cancelled', 'partially_refunded', 'refunded')),
        payment_method TEXT NOT NULL,
        failure_reason TEXT,
        refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor BETWEEN 0 AND amount_minor),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX payments_created ON payments (created_at);

      CREATE TABLE refunds (
        refund_id    TEXT PRIMARY KEY,
        payment_id   TEXT NOT NULL REFERENCES payments (payment_id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        reason       TEXT,
        created_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX refunds_payment ON refunds (payment_id, created_at);

      -- Orders cancelled before their payment existed (events arrive out of order).
      CREATE TABLE order_cancellations (
        order_id     INTEGER PRIMARY KEY,
        event_id     TEXT NOT NULL,
        cancelled_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE inbox (
        consumer    TEXT NOT NULL,
        event_id    TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (consumer, event_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX inbox_received ON inbox (received_at);

      -- lease_until = 0 and retry_at <= now mean "free to claim".
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
    name: 'receipt lines',
    sql: `
      -- The order's lines as they were when it was placed (from payment.initiated), so a
      -- receipt never depends on today's menu. options is a JSON array of option names.
      CREATE TABLE receipt_lines (
        payment_id TEXT NOT NULL REFERENCES payments (payment_id),
        line       INTEGER NOT NULL,
        name       TEXT NOT NULL,
        quantity   INTEGER NOT NULL CHECK (quantity > 0),
        unit_minor INTEGER NOT NULL,
        options    TEXT NOT NULL CHECK (json_valid(options)),
        PRIMARY KEY (payment_id, line)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'analytics: covering indexes for the payment and refund figures of a range',
    sql: `
      CREATE INDEX payments_created_figures ON payments (created_at, payment_method, status, amount_minor, refunded_minor);
      CREATE INDEX refunds_created ON refunds (created_at, amount_minor);
    `,
  },
  {
    version: 4,
    name: 'analytics rollups: payments and refunds per quarter hour, kept by triggers in the transaction of each write',
    sql: v4AnalyticsRollups(),
  },
];

/**
 * Version 4 (frozen like the others). The figures of a range read these small tables instead of
 * every payment: one row per quarter hour (slot = epoch seconds DIV 900, UTC; every time zone's
 * days start on one) and method and status. Triggers keep them in the transaction of each write;
 * the rows already there are rolled up here.
 */
function v4AnalyticsRollups(): string {
  const slot = (at: string) => `CAST(strftime('%s', ${at}) AS INTEGER) / 900`;
  const payment = (p: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_payments (slot, payment_method, status, payments, amount_minor, refunded_minor)
       VALUES (${slot(`${p}.created_at`)}, ${p}.payment_method, ${p}.status, ${sign}1, ${sign}${p}.amount_minor, ${sign}${p}.refunded_minor)
       ${upsert(['payments', 'amount_minor', 'refunded_minor'])};`;
  const refund = (r: RollupRow, sign: RollupSign) =>
    `INSERT INTO analytics_refunds (slot, refunds, amount_minor) VALUES (${slot(`${r}.created_at`)}, ${sign}1, ${sign}${r}.amount_minor)
       ${upsert(['refunds', 'amount_minor'])};`;
  return `
      CREATE TABLE analytics_payments (
        slot           INTEGER NOT NULL,
        payment_method TEXT NOT NULL,
        status         TEXT NOT NULL,
        payments       INTEGER NOT NULL,
        amount_minor   INTEGER NOT NULL,
        refunded_minor INTEGER NOT NULL,
        PRIMARY KEY (slot, payment_method, status)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE analytics_refunds (
        slot         INTEGER PRIMARY KEY,
        refunds      INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL
      ) STRICT;

      INSERT INTO analytics_payments (slot, payment_method, status, payments, amount_minor, refunded_minor)
        SELECT ${slot('created_at')}, payment_method, status, COUNT(*), SUM(amount_minor), SUM(refunded_minor) FROM payments GROUP BY 1, 2, 3;
      INSERT INTO analytics_refunds (slot, refunds, amount_minor)
        SELECT ${slot('created_at')}, COUNT(*), SUM(amount_minor) FROM refunds GROUP BY 1;

      ${triggers('analytics_payment', 'payments', ['created_at', 'payment_method', 'status', 'amount_minor', 'refunded_minor'], payment)}
      ${triggers('analytics_refund', 'refunds', ['created_at', 'amount_minor'], refund)}
    `;
}

export function runMigrations(db: Database.Database): void {
  runSqliteMigrations(db, 'payments', migrations);
}
