export * from './infra.ts';
export * from './outbox-store.contract.ts';
export * from './logs.ts';
export * from './clock.ts';
