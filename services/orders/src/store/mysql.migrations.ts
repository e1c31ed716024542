import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { v5AnalyticsRollups } from './mysql.rollups.ts';

/**
 * The orders schema on MySQL/MariaDB, versioned in `orders_schema_migrations`. Append only: a
 * migration that has run anywhere is never edited, a change is a new entry with the next version.
 *
 * DDL commits by itself in MySQL, so a migration cannot be rolled back half way. Each statement
 * is therefore safe to run again (`IF NOT EXISTS`, indexes declared inside CREATE TABLE), and the
 * version row is written last: a migration interrupted half way simply runs again.
 *
 * JSON lives in LONGTEXT with a json_valid check (MariaDB's JSON is exactly that, MySQL's JSON
 * type would come back already parsed); times are DATETIME(3) in UTC; money is BIGINT minor units.
 */
export const migrations: { version: number; name: string; statements: string[] }[] = [
  {
    version: 1,
    name: 'orders, order items, outbox, inbox, idempotency keys',
    statements: [
      `CREATE TABLE IF NOT EXISTS orders (
        id                   BIGINT NOT NULL AUTO_INCREMENT,
        user_id              BIGINT NOT NULL,
        status               VARCHAR(20) NOT NULL,
        total_minor          BIGINT NOT NULL,
        currency             CHAR(3) NOT NULL,
        payment_id           VARCHAR(128) NULL,
        payment_method       VARCHAR(20) NOT NULL,
        payment_status       VARCHAR(20) NOT NULL,
        refunded_minor       BIGINT NOT NULL DEFAULT 0,
        queue_number         INT NULL,
        special_instructions TEXT NULL,
        cancel_reason        TEXT NULL,
        created_at           DATETIME(3) NOT NULL,
        updated_at           DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY orders_user_created (user_id, created_at),
        KEY orders_status (status, created_at)
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS order_items (
        id                   BIGINT NOT NULL AUTO_INCREMENT,
        order_id             BIGINT NOT NULL,
        position             INT NOT NULL,
        menu_item_id         VARCHAR(64) NOT NULL,
        item_name            VARCHAR(255) NOT NULL,
        quantity             INT NOT NULL,
        unit_price_minor     BIGINT NOT NULL,
        special_instructions TEXT NULL,
        options              LONGTEXT NOT NULL CHECK (json_valid(options)),
        station              VARCHAR(64) NOT NULL,
        preparation_time     INT NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY order_items_position (order_id, position),
        CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
      // seq orders rows written in the same millisecond (one transaction's events) as written.
      // NULL retry_at / lease_until mean "due" / "not leased".
      `CREATE TABLE IF NOT EXISTS outbox (
        event_id    VARCHAR(100) NOT NULL,
        seq         BIGINT NOT NULL AUTO_INCREMENT,
        routing_key VARCHAR(255) NOT NULL,
        payload     LONGTEXT NOT NULL CHECK (json_valid(payload)),
        headers     LONGTEXT NULL CHECK (headers IS NULL OR json_valid(headers)),
        attempts    INT NOT NULL DEFAULT 0,
        last_error  TEXT NULL,
        created_at  DATETIME(3) NOT NULL,
        retry_at    DATETIME(3) NULL,
        lease_until DATETIME(3) NULL,
        sent_at     DATETIME(3) NULL,
        PRIMARY KEY (event_id),
        UNIQUE KEY outbox_seq (seq),
        KEY outbox_pending (sent_at, created_at, seq)
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS inbox (
        consumer   VARCHAR(100) NOT NULL,
        event_id   VARCHAR(100) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (consumer, event_id),
        KEY inbox_created (created_at)
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
      `CREATE TABLE IF NOT EXISTS idempotency_keys (
        user_id      BIGINT NOT NULL,
        scope        VARCHAR(200) NOT NULL,
        idem_key     VARCHAR(255) NOT NULL,
        request_hash VARCHAR(128) NOT NULL,
        state        VARCHAR(10) NOT NULL CHECK (state IN ('running', 'done')),
        status       INT NULL,
        body         LONGTEXT NULL CHECK (body IS NULL OR json_valid(body)),
        created_at   DATETIME(3) NOT NULL,
        finished_at  DATETIME(3) NULL,
        PRIMARY KEY (user_id, scope, idem_key),
        KEY idempotency_keys_finished (state, finished_at)
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
    ],
  },
  {
    version: 2,
    name: 'queue numbers: one counter row per canteen day',
    statements: [
      // The last queue number given on a day (YYYY-MM-DD in the canteen's time zone), taken in
      // the transaction that confirms the order: the row lock makes each number given once,
      // whatever the number of orders service instances.
      `CREATE TABLE IF NOT EXISTS queue_counters (
        day         CHAR(10) NOT NULL,
        last_number INT NOT NULL,
        PRIMARY KEY (day)
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
    ],
  },
  {
    version: 3,
    name: 'order status history (each status with its time and who moved it); orders by queue number',
    statements: [
      // Written in the transaction that changes the status. actor_role is CUSTOMER, STAFF or
      // ADMIN (actor_id from the token) or system (payment events, reconciliation; no id).
      // Orders placed before this migration have no history.
      `CREATE TABLE IF NOT EXISTS order_status_history (
        id          BIGINT NOT NULL AUTO_INCREMENT,
        order_id    BIGINT NOT NULL,
        from_status VARCHAR(20) NULL,
        to_status   VARCHAR(20) NOT NULL,
        actor_id    BIGINT NULL,
        actor_role  VARCHAR(10) NOT NULL,
        reason      TEXT NULL,
        at          DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY order_status_history_order (order_id, id),
        CONSTRAINT order_status_history_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
        CONSTRAINT order_status_history_role CHECK (actor_role IN ('CUSTOMER', 'STAFF', 'ADMIN', 'system'))
      ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin`,
      // The admin panel finds an order by the number a student shows at the counter.
      `CREATE INDEX IF NOT EXISTS orders_queue_number ON orders (queue_number, created_at)`,
    ],
  },
  {
    version: 4,
    name: 'analytics: when each state was reached, the promised ready time, indexes for the figures',
    // MariaDB's IF NOT EXISTS keeps each statement safe to run again (see above).
    statements: [
      `ALTER TABLE orders
        ADD COLUMN IF NOT EXISTS confirmed_at DATETIME(3) NULL,
        ADD COLUMN IF NOT EXISTS preparing_at DATETIME(3) NULL,
        ADD COLUMN IF NOT EXISTS ready_at DATETIME(3) NULL,
        ADD COLUMN IF NOT EXISTS completed_at DATETIME(3) NULL,
        ADD COLUMN IF NOT EXISTS cancelled_at DATETIME(3) NULL,
        ADD COLUMN IF NOT EXISTS promised_ready_at DATETIME(3) NULL`,
      // Covering indexes: the day figures, the waits and the top dishes read no table rows.
      'CREATE INDEX IF NOT EXISTS orders_created_figures ON orders (created_at, status, payment_status, total_minor, refunded_minor)',
      'CREATE INDEX IF NOT EXISTS orders_ready ON orders (ready_at, confirmed_at, promised_ready_at)',
      'CREATE INDEX IF NOT EXISTS order_items_dish ON order_items (order_id, menu_item_id, quantity, unit_price_minor, item_name)',
    ],
  },
  {
    version: 5,
    name: 'analytics rollups: the figures per quarter hour, kept by triggers in the transaction of each write',
    statements: v5AnalyticsRollups(),
  },
];

export const LATEST_MYSQL_VERSION = migrations.at(-1)?.version ?? 0;

/**
 * Brings the schema to the newest version. A named lock (per database, so two databases on one
 * server do not wait for each other) lets replicas start together: one migrates, the others
 * wait and then find nothing left to do.
 */
export async function runMigrations(pool: Pool): Promise<void> {
  const conn = await pool.getConnection();
  let broken = false;
  try {
    const [[lock]] = await conn.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, 60) AS got`);
    if (Number(lock?.got) !== 1) throw new Error('Could not get the orders_migrate lock within 60 s; is another migration stuck?');
    try {
      await migrateLocked(conn);
    } finally {
      await conn.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`).catch(() => {
        // Closing the connection releases the lock as well.
        broken = true;
      });
    }
  } finally {
    if (broken) conn.destroy();
    else conn.release();
  }
}

const LOCK_NAME = `LEFT(CONCAT('orders_migrate.', COALESCE(DATABASE(), '')), 64)`;

async function migrateLocked(conn: PoolConnection): Promise<void> {
  await conn.query(
    `CREATE TABLE IF NOT EXISTS orders_schema_migrations (
      version    INT NOT NULL PRIMARY KEY,
      name       VARCHAR(200) NOT NULL,
      applied_at DATETIME(3) NOT NULL
    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4`,
  );
  const [[row]] = await conn.query<RowDataPacket[]>('SELECT COALESCE(MAX(version), 0) AS version FROM orders_schema_migrations');
  const current = Number(row?.version ?? 0);
  if (current > LATEST_MYSQL_VERSION) {
    throw new Error(
      `The orders database is at schema version ${current}, newer than this code knows (${LATEST_MYSQL_VERSION}); refusing to touch it`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    for (const statement of migration.statements) await conn.query(statement);
    await conn.query('INSERT INTO orders_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      migration.version,
      migration.name,
      new Date(),
    ]);
  }
}
