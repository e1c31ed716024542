export * from './common.ts';
export * from './users/auth.ts';
export * from './users/admin.ts';
export * from './users/push.ts';
export * from './events/envelope.ts';
export * from './menu/menu.ts';
export * from './menu/events.ts';
