import { createCallBatcher } from '../batch/call-batcher.ts';

/**
 * How every embedded SQLite store (and the outbox on it) talks to its database: one set of
 * settings and one cache of prepared statements per database. Like the outbox, it takes the
 * database through the few members it uses (a better-sqlite3 `Database` has them), so the
 * kit does not depend on better-sqlite3.
 */
export interface SqliteSessionDatabase<S> {
  prepare(sql: string): S;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Called plainly inside another transaction, it runs as a SAVEPOINT (as better-sqlite3's does). */
  transaction<T>(fn: () => T): { (): T; immediate(): T };
}

export interface SqliteSession<S> {
  /** The statement prepared once per database (on first use: a table may not exist before migrating). */
  sql(text: string): S;
  /** Runs `fn` in an IMMEDIATE transaction: the write lock first, so read-modify-write cannot interleave. */
  write<T>(fn: () => T): T;
  /**
   * `write` with group commit, for writes whose caller can wait a turn: the writes asked for
   * in one turn of the event loop share one IMMEDIATE transaction, each in a savepoint of its
   * own, so a write that throws takes back only its own changes and only its caller gets the
   * error. Each promise settles once the shared transaction committed. A commit is most of a
   * small write's cost (measured: ~105 µs alone, ~46 µs ten to a transaction), and a rush is
   * many small writes in the same turn.
   */
  writeSoon<T>(fn: () => T): Promise<T>;
}

/** Writes sharing one transaction at most. */
const MAX_GROUP = 64;

const settle = <T>(fn: () => T): PromiseSettledResult<T> => {
  try {
    return { status: 'fulfilled', value: fn() };
  } catch (err) {
    return { status: 'rejected', reason: err };
  }
};

const caches = new WeakMap<object, Map<string, unknown>>();

/** The cached prepared statement for `text` on `db`. */
export function preparedStatement<S>(db: Pick<SqliteSessionDatabase<S>, 'prepare'>, text: string): S {
  let statements = caches.get(db);
  if (!statements) {
    statements = new Map();
    caches.set(db, statements);
  }
  let prepared = statements.get(text) as S | undefined;
  if (prepared === undefined) {
    prepared = db.prepare(text);
    statements.set(text, prepared);
  }
  return prepared;
}

/**
 * WAL (readers never wait for the writer), `synchronous = NORMAL` (no fsync per commit in
 * WAL; a power cut may lose the last commits, a crashed process loses nothing), a busy
 * timeout for a second process on the file, and foreign keys on. The WAL is folded back into
 * the database every 10,000 pages (~40 MB) instead of SQLite's 1,000: the pages every order
 * touches (the outbox's and the orders' last index pages) are then copied once per
 * checkpoint, not ten times — 10 % less CPU per order in the orders store here — and the file
 * is cut back to 64 MB after a checkpoint.
 */
export function openSqliteSession<S>(db: SqliteSessionDatabase<S>): SqliteSession<S> {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  return {
    sql: (text) => preparedStatement(db, text),
    write: (fn) => db.transaction(fn).immediate(),
    writeSoon: groupCommit(db),
  };
}

type GroupWriter = (fn: () => unknown) => Promise<unknown>;
const groupWriters = new WeakMap<object, GroupWriter>();

/**
 * The group-commit writer of `db` (`writeSoon`): one per database, shared by its store and its
 * outbox relay, so the relay's claims and marks join the business writes' transactions
 * instead of committing on their own.
 */
export function groupCommit(db: Pick<SqliteSessionDatabase<unknown>, 'transaction'>): <T>(fn: () => T) => Promise<T> {
  let grouped = groupWriters.get(db);
  if (!grouped) {
    const write = <T>(fn: () => T): T => db.transaction(fn).immediate();
    grouped = createCallBatcher<() => unknown, unknown>(
      async (fns) => (fns.length === 1 ? [settle(() => write(fns[0]!))] : write(() => fns.map((fn) => settle(() => db.transaction(fn)())))),
      { maxBatch: MAX_GROUP, maxInFlight: 1 },
    );
    groupWriters.set(db, grouped);
  }
  const writer = grouped;
  return <T>(fn: () => T) => writer(fn) as Promise<T>;
}
