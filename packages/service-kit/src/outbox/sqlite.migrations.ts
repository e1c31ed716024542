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

/** A row of a trigger (NEW or OLD) and whether its share is added to a rollup or taken back. */
export type RollupRow = 'NEW' | 'OLD';
export type RollupSign = '+' | '-';

/** The UPSERT tail of a rollup's INSERT: the inserted values are added to the row already there. */
export const sqliteAddOnConflict = (columns: readonly string[]): string =>
  `ON CONFLICT DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;

/**
 * The triggers that keep a rollup of `table` in the transaction of each write: `share(row, sign)`
 * is the statement(s) adding (+) or taking back (-) what `row` counts for. An insert adds NEW, a
 * delete takes OLD back, an update where one of `columns` changed does both. Used by migrations:
 * the text it makes must not change.
 */
export function sqliteRollupTriggers(
  name: string,
  table: string,
  columns: readonly string[],
  share: (row: RollupRow, sign: RollupSign) => string,
  options: { events?: readonly ('INSERT' | 'UPDATE' | 'DELETE')[]; deleteTiming?: 'BEFORE' | 'AFTER'; updateWhen?: string } = {},
): string {
  const { events = ['INSERT', 'UPDATE', 'DELETE'], deleteTiming = 'AFTER' } = options;
  const when = options.updateWhen ?? columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  const triggers = {
    INSERT: `CREATE TRIGGER ${name}_inserted AFTER INSERT ON ${table} BEGIN\n${share('NEW', '+')}\nEND;`,
    UPDATE: `CREATE TRIGGER ${name}_updated AFTER UPDATE ON ${table} WHEN ${when} BEGIN\n${share('OLD', '-')}\n${share('NEW', '+')}\nEND;`,
    DELETE: `CREATE TRIGGER ${name}_deleted ${deleteTiming} DELETE ON ${table} BEGIN\n${share('OLD', '-')}\nEND;`,
  };
  return events.map((event) => triggers[event]).join('\n');
}
