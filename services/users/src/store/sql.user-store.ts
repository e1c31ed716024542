import type { Role } from '@canteen/contracts';
import type { NewOutboxEvent } from '@canteen/service-kit';
import { runMigrations } from './migrations.ts';
import { appendOutboxEvent, createSqlOutbox } from './sql.outbox.ts';
import type { SqlClient, SqlQueryable } from './sql-client.ts';
import {
  DuplicateEmailError,
  type PushSubscriptionRecord,
  type RefreshTokenRecord,
  type UserPatch,
  type UserRecord,
  type UserStore,
} from './user.store.ts';

interface UserRow {
  id: string | number;
  email: string;
  full_name: string;
  phone: string | null;
  role: Role;
  active: boolean;
  password_hash: string;
  created_at: Date | string;
  updated_at: Date | string;
  tokens_not_before: string | number;
}

interface RefreshRow {
  id: string;
  family_id: string;
  user_id: string | number;
  token_hash: string;
  expires_at: Date | string;
  session_expires_at: Date | string;
  used_at: Date | string | null;
  revoked_at: Date | string | null;
}

interface PushRow {
  user_id: string | number;
  endpoint: string;
  p256dh: string;
  auth: string;
  expiration_time: string | number | null;
  created_at: Date | string;
}

const REFRESH_COLUMNS = 'id, family_id, user_id, token_hash, expires_at, session_expires_at, used_at, revoked_at';

const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const optionalDate = (value: Date | string | null) => (value === null ? null : date(value));

const toUser = (row: UserRow): UserRecord => ({
  id: Number(row.id),
  email: row.email,
  fullName: row.full_name,
  phone: row.phone,
  role: row.role,
  active: row.active,
  passwordHash: row.password_hash,
  createdAt: date(row.created_at),
  updatedAt: date(row.updated_at),
  tokensNotBefore: Number(row.tokens_not_before),
});

const toRefresh = (row: RefreshRow): RefreshTokenRecord => ({
  id: row.id,
  familyId: row.family_id,
  userId: Number(row.user_id),
  tokenHash: row.token_hash,
  expiresAt: date(row.expires_at),
  sessionExpiresAt: date(row.session_expires_at),
  usedAt: optionalDate(row.used_at),
  revokedAt: optionalDate(row.revoked_at),
});

const toPush = (row: PushRow): PushSubscriptionRecord => ({
  userId: Number(row.user_id),
  endpoint: row.endpoint,
  p256dh: row.p256dh,
  auth: row.auth,
  expirationTime: row.expiration_time === null ? null : Number(row.expiration_time),
  createdAt: date(row.created_at),
});

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

const USER_COLUMNS = 'id, email, full_name, phone, role, active, password_hash, created_at, updated_at, tokens_not_before';

type Queryable = SqlQueryable;

/** Applies `patch` (an empty one only reads the user). */
async function updateIn(db: Queryable, id: number, patch: UserPatch): Promise<UserRecord | undefined> {
  const columns: Record<string, unknown> = {
    full_name: patch.fullName,
    phone: patch.phone,
    role: patch.role,
    active: patch.active,
    password_hash: patch.passwordHash,
  };
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of Object.entries(columns)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (!sets.length) {
    const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0] && toUser(rows[0]);
  }
  params.push(id);
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $${params.length} RETURNING ${USER_COLUMNS}`,
    params,
  );
  return rows[0] && toUser(rows[0]);
}

async function revokeIn(
  tx: Queryable,
  userId: number,
  now: Date,
  notBefore: number,
  event: (notBefore: number) => NewOutboxEvent,
): Promise<number | undefined> {
  // Tokens signed since the last revocation carry its not-before as their `iat`, so a new one
  // must go past it even when it falls in the same second (a role change, a sign-in and a
  // deactivation in one second would otherwise leave the sign-in's token valid).
  const { rows } = await tx.query<{ tokens_not_before: string | number }>(
    'UPDATE users SET tokens_not_before = GREATEST(tokens_not_before + 1, $2) WHERE id = $1 RETURNING tokens_not_before',
    [userId, notBefore],
  );
  if (!rows[0]) return undefined;
  const moment = Number(rows[0].tokens_not_before);
  await tx.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
  await appendOutboxEvent(tx, event(moment));
  return moment;
}

/** The users store over any PostgreSQL dialect client: `pg` against a server, or PGlite. */
export function createSqlUserStore(db: SqlClient): UserStore {
  return {
    outbox: createSqlOutbox(db),

    revokeSessions(userId, now, notBefore, event) {
      return db.transaction((tx) => revokeIn(tx, userId, now, notBefore, event));
    },

    updateUserAndRevokeSessions(id, patch, revocation) {
      return db.transaction(async (tx) => {
        if (!(await updateIn(tx, id, patch))) return undefined;
        await revokeIn(tx, id, revocation.now, revocation.notBefore, revocation.event);
        return updateIn(tx, id, {});
      });
    },

    async listTokensNotBefore(after) {
      const { rows } = await db.query<{ id: string | number; tokens_not_before: string | number }>(
        'SELECT id, tokens_not_before FROM users WHERE tokens_not_before > $1',
        [after],
      );
      return rows.map((row) => ({ userId: Number(row.id), notBefore: Number(row.tokens_not_before) }));
    },

    migrate: () => runMigrations(db),

    async createUser(user) {
      try {
        const { rows } = await db.query<UserRow>(
          `INSERT INTO users (email, full_name, phone, role, password_hash)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
          [user.email, user.fullName, user.phone, user.role, user.passwordHash],
        );
        return toUser(rows[0]!);
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateEmailError();
        throw err;
      }
    },

    async findUserByEmail(email) {
      const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [
        email,
      ]);
      return rows[0] && toUser(rows[0]);
    },

    async findUserById(id) {
      const { rows } = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0] && toUser(rows[0]);
    },

    async listUsers({ limit, offset, role, q }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (role) {
        params.push(role);
        where.push(`role = $${params.length}`);
      }
      if (q) {
        params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`(email ILIKE $${params.length} OR full_name ILIKE $${params.length})`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ count: string | number }>(`SELECT count(*) AS count FROM users ${clause}`, params);
      const { rows } = await db.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM users ${clause} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      );
      return { users: rows.map(toUser), total: Number(total.rows[0]?.count ?? 0) };
    },

    updateUser(id, patch) {
      return updateIn(db, id, patch);
    },

    async countUsers() {
      const { rows } = await db.query<{ count: string | number }>('SELECT count(*) AS count FROM users');
      return Number(rows[0]?.count ?? 0);
    },

    async insertRefreshToken(token) {
      await db.query(
        `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, session_expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt, token.sessionExpiresAt],
      );
    },

    async useRefreshToken(tokenHash, now) {
      // The conditional UPDATE is the atomic step: of two concurrent uses only one matches.
      const used = await db.query<RefreshRow>(
        `UPDATE refresh_tokens SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL
         RETURNING ${REFRESH_COLUMNS}`,
        [tokenHash, now],
      );
      if (used.rows[0]) return { kind: 'ok', token: toRefresh(used.rows[0]) };
      const existing = await this.findRefreshToken(tokenHash);
      return existing ? { kind: 'reused', token: existing } : { kind: 'unknown' };
    },

    async findRefreshToken(tokenHash) {
      const { rows } = await db.query<RefreshRow>(
        `SELECT ${REFRESH_COLUMNS} FROM refresh_tokens WHERE token_hash = $1`,
        [tokenHash],
      );
      return rows[0] && toRefresh(rows[0]);
    },

    async revokeRefreshFamily(familyId, now) {
      await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
        familyId,
        now,
      ]);
    },

    async revokeUserRefreshTokens(userId, now) {
      await db.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
        userId,
        now,
      ]);
    },

    async deleteExpiredRefreshTokens(before) {
      const { rows } = await db.query<{ id: string }>('DELETE FROM refresh_tokens WHERE expires_at < $1 RETURNING id', [
        before,
      ]);
      return rows.length;
    },

    async savePushSubscription(sub, options = {}) {
      return db.transaction(async (tx) => {
        // Renewing is the owner's right only: the WHERE keeps another user's row as it is.
        const { rows } = await tx.query(
          // Strictly after the user's newest one, so "the newest stay" holds even where the clock
          // ticks in milliseconds (PGlite) and two saves land in the same one.
          `INSERT INTO push_subscriptions (endpoint, user_id, p256dh, auth, expiration_time, created_at)
           VALUES ($1, $2, $3, $4, $5, GREATEST(clock_timestamp(),
             (SELECT max(created_at) + interval '1 millisecond' FROM push_subscriptions WHERE user_id = $2)))
           ON CONFLICT (endpoint) DO UPDATE
             SET p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
                 expiration_time = EXCLUDED.expiration_time, created_at = EXCLUDED.created_at
             WHERE push_subscriptions.user_id = EXCLUDED.user_id
           RETURNING endpoint`,
          [sub.endpoint, sub.userId, sub.p256dh, sub.auth, sub.expirationTime],
        );
        if (rows.length === 0) return 'taken' as const;
        if (options.maxPerUser !== undefined) {
          await tx.query(
            `DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint NOT IN (
               SELECT endpoint FROM push_subscriptions WHERE user_id = $1
               ORDER BY (endpoint = $3) DESC, created_at DESC, endpoint LIMIT $2)`,
            [sub.userId, options.maxPerUser, sub.endpoint],
          );
        }
        return 'saved' as const;
      });
    },

    async deletePushSubscription(userId, endpoint) {
      const { rows } = await db.query('DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2 RETURNING endpoint', [
        userId,
        endpoint,
      ]);
      return rows.length > 0;
    },

    async deletePushSubscriptionByEndpoint(endpoint) {
      const { rows } = await db.query('DELETE FROM push_subscriptions WHERE endpoint = $1 RETURNING endpoint', [endpoint]);
      return rows.length > 0;
    },

    async listPushSubscriptions(userId) {
      const { rows } = await db.query<PushRow>(
        'SELECT user_id, endpoint, p256dh, auth, expiration_time, created_at FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at',
        [userId],
      );
      return rows.map(toPush);
    },

    ping: () => db.ping(),
    close: () => db.close(),
  };
}
