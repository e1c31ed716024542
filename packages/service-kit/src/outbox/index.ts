export * from './outbox.ts';
export { handleOnce, type InboxStore } from './inbox.ts';
export { MemoryOutboxStore, type MemoryOutboxStoreOptions, type OutboxEntry } from './memory.outbox-store.ts';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
export {
  createSqliteOutbox,
  SQLITE_OUTBOX_KEEP_SENT_MS,
  SQLITE_OUTBOX_LEASE_MS,
  SQLITE_OUTBOX_TABLE_SQL,
  type SqliteDatabaseLike,
  type SqliteOutboxOptions,
  type SqliteStatementLike,
  writeOutboxEvents,
} from './sqlite.outbox.ts';
export * from './sqlite.migrations.ts';
export * from './sqlite.session.ts';
