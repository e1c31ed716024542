import type { Pool, PoolConnection } from 'mysql2/promise';

/** InnoDB picked this transaction as a deadlock victim and rolled it back: running it again is safe. */
const isDeadlock = (err: unknown): boolean => (err as { errno?: number }).errno === 1213;
const TRANSACTION_ATTEMPTS = 3;

/** One SQL statement and its `?` values, escaped on our side by mysql2 with the pool's settings. */
export type Statement = readonly [sql: string, values?: readonly unknown[]];

type Formatter = Pick<Pool, 'format'>;
const formatted = (on: Formatter, [text, values]: Statement): string => on.format(text, values ? [...values] : []);

/** The results of one query of several statements: one per statement, even for a single one. */
const resultsOf = (results: unknown, count: number): unknown[] => (count === 1 ? [results] : (results as unknown[]));

/** Sends `statements` in one round trip outside any transaction (each commits on its own); one result per statement. */
export async function runStatements(pool: Pool, statements: readonly Statement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  const [results] = await pool.query(statements.map((statement) => formatted(pool, statement)).join(';\n'));
  return resultsOf(results, statements.length);
}

/**
 * A transaction that talks to the server in as few round trips as it can: each `run` sends its
 * statements in one go (the pool allows several statements per query), the first one begins
 * the transaction on the way, and `commit` ends it in the same trip as its last statements.
 * On a loaded machine a round trip costs more than the statements in it.
 */
export interface Transaction {
  /**
   * One result per statement: rows for a SELECT, a ResultSetHeader for a write. `beforeBegin`
   * (first run only) goes in the same round trip ahead of START TRANSACTION, committed on its
   * own; its results come first.
   */
  run(statements: readonly Statement[], beforeBegin?: readonly Statement[]): Promise<unknown[]>;
  /** `run`, then COMMIT in the same round trip. */
  commit(statements?: readonly Statement[]): Promise<unknown[]>;
}

/**
 * Runs `body` in a transaction on one pooled connection: COMMIT on return (unless the body
 * committed already), ROLLBACK on a throw. A deadlock victim is run again from
 * the start (so `body`, and with it the change and events callbacks, may run more than once;
 * only the committed run counts). The pool must allow multiple statements per query.
 */
export async function inTransaction<T>(
  pool: Pool,
  body: (tx: Transaction) => Promise<T>,
  isolation?: 'READ COMMITTED',
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const conn = await pool.getConnection();
    let begun = false;
    let ended = false;
    let broken = false;
    const format = (statement: Statement) => formatted(conn, statement);
    const send = async (statements: readonly Statement[], end?: 'COMMIT', beforeBegin: readonly Statement[] = []): Promise<unknown[]> => {
      if (ended) throw new Error('the transaction has already ended');
      if (begun && beforeBegin.length) throw new Error('statements before the transaction must come with its first run');
      // Applies to the next transaction on this connection only.
      const opening = begun ? [] : [...(isolation ? [`SET TRANSACTION ISOLATION LEVEL ${isolation}`] : []), 'START TRANSACTION'];
      begun = true;
      const sql = [...beforeBegin.map(format), ...opening, ...statements.map(format), ...(end ? [end] : [])];
      if (sql.length === 0) return [];
      const [results] = await conn.query(sql.join(';\n'));
      if (end) ended = true;
      const list = resultsOf(results, sql.length);
      const own = beforeBegin.length + opening.length;
      return [...list.slice(0, beforeBegin.length), ...list.slice(own, own + statements.length)];
    };
    const tx: Transaction = {
      run: (statements, beforeBegin) => send(statements, undefined, beforeBegin),
      commit: (statements = []) => send(statements, 'COMMIT'),
    };
    try {
      const result = await body(tx);
      if (begun && !ended) await conn.query('COMMIT');
      return result;
    } catch (err) {
      if (begun && !ended) {
        await rollback(conn).catch(() => {
          // A connection that cannot even roll back must not go back to the pool.
          broken = true;
        });
      }
      if (isDeadlock(err) && attempt < TRANSACTION_ATTEMPTS) continue;
      throw err;
    } finally {
      if (broken) conn.destroy();
      else conn.release();
    }
  }
}

const rollback = (conn: PoolConnection) => conn.query('ROLLBACK');
