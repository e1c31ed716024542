export * from './outbox.ts';
export { handleOnce, type InboxStore } from './inbox.ts';
export { MemoryOutboxStore, type MemoryOutboxStoreOptions, type OutboxEntry } from './memory.outbox-store.ts';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox-relay.ts';
