/**
 * The schema runner of every embedded SQLite store, versioned by `PRAGMA user_version`. Like
 * the outbox, it takes the database through the few members it uses (a better-sqlite3
 * `Database` has them), so the kit does not depend on better-sqlite3.
 */
export interface SqliteMigration {
  version: number;
  sql: string;
}

export interface SqliteMigratable {
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): { immediate(): T };
}

/**
 * Brings the schema to the newest version. The IMMEDIATE transaction takes the write lock
 * first, so two processes migrating one file at once run one after the other, and the second
 * finds nothing left to do. A file newer than the code is refused, never touched.
 */
export function runSqliteMigrations(db: SqliteMigratable, name: string, migrations: readonly SqliteMigration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new Error(`The ${name} database is at schema version ${current}, newer than this code knows (${latest}); refusing to touch it`);
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      // Inside the transaction: the version moves only if the migration committed.
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
