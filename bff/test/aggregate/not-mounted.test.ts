import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startBffWith, type RunningBff } from './system.ts';

let bff: RunningBff;
beforeAll(async () => {
  // No JWT_PUBLIC_KEY: the BFF cannot check tokens itself, so it offers no routes of its own.
  bff = await startBffWith({ USERS_SERVICE_URL: 'http://127.0.0.1:9' });
});
afterAll(async () => {
  await bff?.stop();
});

describe('aggregate routes without JWT_PUBLIC_KEY', () => {
  it.each(['/api/me/orders/active', '/api/kitchen/tickets', '/api/admin/overview'])(
    'when %s is asked for, then it is 404 JSON',
    async (path) => {
      const res = await bff.call('GET', path, { token: 'any.token.at-all' });

      expectError(res, 404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    },
  );
});
