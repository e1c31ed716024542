import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable } from './sql-client.ts';

/**
 * Embedded PostgreSQL (WASM) for all-in-one mode and tests: the same SQL as the real server.
 * `dataDir` persists under ./data; without it the database lives in memory.
 */
export async function createPgliteSqlClient(dataDir?: string): Promise<SqlClient> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // PGlite runs one statement at a time; a transaction holds the connection until it ends,
  // so plain queries wait for it rather than interleave with it.
  let queue: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const query: SqlQueryable['query'] = (sql, params) =>
    serialize(async () => ({ rows: (await db.query(sql, params)).rows as never[] }));
  return {
    query,
    exec: (sql) =>
      serialize(async () => {
        await db.exec(sql);
      }),
    transaction: (fn) =>
      serialize(() =>
        db.transaction(async (tx) =>
          fn({
            query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }),
            exec: async (sql) => {
              await tx.exec(sql);
            },
          }),
        ),
      ),
    async ping() {
      await query('SELECT 1');
    },
    close: () => serialize(() => db.close()),
  };
}
