import { createPgSqlClient } from './pg.sql-client.ts';
import { createPgliteSqlClient } from './pglite.sql-client.ts';
import { createSqlUserStore } from './sql.user-store.ts';
import type { UserStore } from './user.store.ts';

export type StoreChoice = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir?: string };

/** Picks the adapter from config: PostgreSQL when a URL is set, embedded PGlite otherwise. */
export async function openUserStore(choice: StoreChoice): Promise<UserStore> {
  const db = choice.kind === 'postgres' ? createPgSqlClient(choice.url) : await createPgliteSqlClient(choice.dataDir);
  return createSqlUserStore(db);
}

export * from './user.store.ts';
