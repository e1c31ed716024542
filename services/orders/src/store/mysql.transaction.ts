import type { Pool, PoolConnection } from 'mysql2/promise';

/** InnoDB picked this transaction as a deadlock victim and rolled it back: running it again is safe. */
const isDeadlock = (err: unknown): boolean => (err as { errno?: number }).errno === 1213;
const TRANSACTION_ATTEMPTS = 3;

/** Returned from a transaction body to end it with ROLLBACK instead of COMMIT. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/**
 * Runs `body` in a transaction on one pooled connection: COMMIT on return, ROLLBACK on a throw
 * or a `Rollback`. A deadlock victim is run again from the start (so `body`, and with it the
 * change and events callbacks, may run more than once; only the committed run counts).
 */
export async function inTransaction<T>(
  pool: Pool,
  body: (conn: PoolConnection) => Promise<T | Rollback<T>>,
  isolation?: 'READ COMMITTED',
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const conn = await pool.getConnection();
    let broken = false;
    try {
      // Applies to the next transaction on this connection only.
      if (isolation) await conn.query(`SET TRANSACTION ISOLATION LEVEL ${isolation}`);
      await conn.beginTransaction();
      const result = await body(conn);
      if (result instanceof Rollback) {
        await conn.rollback();
        return result.value;
      }
      await conn.commit();
      return result;
    } catch (err) {
      await conn.rollback().catch(() => {
        // A connection that cannot even roll back must not go back to the pool.
        broken = true;
      });
      if (isDeadlock(err) && attempt < TRANSACTION_ATTEMPTS) continue;
      throw err;
    } finally {
      if (broken) conn.destroy();
      else conn.release();
    }
  }
}
