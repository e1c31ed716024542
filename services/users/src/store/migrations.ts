import type { SqlClient } from './sql-client.ts';

/**
 * The users schema, one list for PostgreSQL and PGlite alike. Append only: a migration that
 * has run anywhere is never edited, a change is a new entry.
 */
export const migrations: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'users, refresh tokens, push subscriptions',
    sql: `
      CREATE TABLE users (
        id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email         TEXT NOT NULL,
        full_name     TEXT NOT NULL,
        phone         TEXT,
        role          TEXT NOT NULL CHECK (role IN ('CUSTOMER', 'STAFF', 'ADMIN')),
        active        BOOLEAN NOT NULL DEFAULT TRUE,
        password_hash TEXT NOT NULL,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));

      CREATE TABLE refresh_tokens (
        id          UUID PRIMARY KEY,
        family_id   UUID NOT NULL,
        user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash  TEXT NOT NULL UNIQUE,
        expires_at  TIMESTAMPTZ NOT NULL,
        used_at     TIMESTAMPTZ,
        revoked_at  TIMESTAMPTZ,
        created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

      CREATE TABLE push_subscriptions (
        endpoint        TEXT PRIMARY KEY,
        user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        p256dh          TEXT NOT NULL,
        auth            TEXT NOT NULL,
        expiration_time BIGINT,
        created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);
    `,
  },
  {
    id: 2,
    name: 'refresh tokens: absolute session lifetime',
    // Sessions that began before this migration end 90 days after their family's first token.
    sql: `
      ALTER TABLE refresh_tokens ADD COLUMN session_expires_at TIMESTAMPTZ;
      UPDATE refresh_tokens AS r SET session_expires_at = f.started + interval '90 days'
        FROM (SELECT family_id, min(created_at) AS started FROM refresh_tokens GROUP BY family_id) AS f
        WHERE r.family_id = f.family_id;
      ALTER TABLE refresh_tokens ALTER COLUMN session_expires_at SET NOT NULL;
    `,
  },
  {
    id: 3,
    name: 'access tokens: per-user not-before, and an outbox for user.sessions_revoked',
    sql: `
      ALTER TABLE users ADD COLUMN tokens_not_before BIGINT NOT NULL DEFAULT 0;
      CREATE TABLE users_outbox (
        event_id     UUID PRIMARY KEY,
        routing_key  TEXT NOT NULL,
        payload      JSONB NOT NULL,
        headers      JSONB,
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        retry_at     TIMESTAMPTZ,
        leased_until TIMESTAMPTZ,
        sent_at      TIMESTAMPTZ,
        created_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX users_outbox_unsent ON users_outbox (created_at) WHERE sent_at IS NULL;
    `,
  },
];

// Any constant works; it only has to be the same for every replica of the users service.
const MIGRATION_LOCK = 72_840_001;

export async function runMigrations(db: SqlClient): Promise<void> {
  await db.transaction(async (tx) => {
    // Replicas starting together: one migrates, the others wait here and then find it done.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS users_schema_migrations (
      id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await tx.query<{ id: number }>('SELECT id FROM users_schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.id)));
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO users_schema_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
    }
  });
}
