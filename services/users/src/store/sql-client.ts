/**
 * The little SQL surface the users store needs. PostgreSQL (`pg`) and PGlite both speak it,
 * with the same SQL and the same migrations, so the store itself is written once.
 */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /**
   * Runs a script of several statements without parameters (migrations). `query` cannot:
   * PGlite always prepares it, and a prepared statement holds one command only.
   */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlQueryable {
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
