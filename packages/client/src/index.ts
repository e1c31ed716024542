export * from './errors.ts';
export * from './tokens.ts';
export * from './http.ts';
export * from './ws.ts';
export * from './idempotency.ts';
export * from './admin.ts';
export * from './browser.ts';
