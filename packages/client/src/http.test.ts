import { describe, expect, it } from 'vitest';
import { ApiError, isTransient, NetworkError, RateLimitedError, ServerError, UnauthorizedError, ValidationError } from './errors.ts';
import { createBffClient } from './http.ts';
import { memorySessionStore, type Session } from './tokens.ts';

/**
 * A stand-in for the BFF's auth rules, enough to drive the client: access tokens expire,
 * refresh tokens are single-use (a second use of one is refused, as the users service does).
 */
function fakeBff(start = 1_000_000) {
  let clock = start;
  let issued = 0;
  const validAccess = new Set<string>();
  const validRefresh = new Set<string>();
  const calls: { path: string; auth?: string | null; key?: string | null; body?: unknown }[] = [];
  let refreshAnswer: number | null = null;
  const issue = () => {
    issued += 1;
    const token = `access-${issued}`;
    const refreshToken = `refresh-${issued}-xxxxxxxxxxxxxxxxxxxx`;
    validAccess.add(token);
    validRefresh.add(refreshToken);
    return { token, type: 'Bearer', id: 7, email: 's@x.in', fullName: 'S', role: 'CUSTOMER', refreshToken, expiresIn: 900 };
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = String(input);
    const headers = new Headers(init?.headers);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ path, auth: headers.get('authorization'), key: headers.get('idempotency-key'), body });
    await Promise.resolve();
    if (path === '/api/auth/refresh') {
      if (refreshAnswer) return json(refreshAnswer, { error: { code: 'X', message: 'refresh says no' }, message: 'refresh says no' });
      if (!validRefresh.delete(body.refreshToken)) return json(401, { error: { code: 'INVALID_REFRESH', message: 'Invalid refresh token' }, message: 'Invalid refresh token' });
      return json(200, issue());
    }
    const token = headers.get('authorization')?.replace('Bearer ', '');
    if (!token || !validAccess.has(token)) return json(401, { error: { code: 'UNAUTHORIZED', message: 'Invalid token' }, message: 'Invalid token' });
    return json(200, { path });
  };
  const signIn = (): Session => {
    const auth = issue();
    return { accessToken: auth.token, refreshToken: auth.refreshToken, expiresAt: clock + 900_000, user: { id: 7, email: 's@x.in', fullName: 'S', role: 'CUSTOMER' } };
  };
  return {
    fetch: fetchFn,
    calls,
    signIn,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    revokeAccess: () => validAccess.clear(),
    refuseRefreshWith: (status: number) => (refreshAnswer = status),
  };
}

describe('the BFF client: tokens', () => {
  it('when the access token is about to expire, then one refresh serves every waiting request and each goes out with the new token', async () => {
    const bff = fakeBff();
    const sessions = memorySessionStore(bff.signIn());
    const client = createBffClient({ sessions, fetch: bff.fetch, now: bff.now });
    bff.advance(890_000); // 10 s left, inside the 30 s margin

    const answers = await Promise.all([client.activeOrders(), client.profile(), client.order(3)]);

    expect(answers).toHaveLength(3);
    expect(bff.calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(bff.calls.filter((c) => c.path !== '/api/auth/refresh').map((c) => c.auth)).toEqual(['Bearer access-2', 'Bearer access-2', 'Bearer access-2']);
    expect(sessions.get()?.accessToken).toBe('access-2');
  });

  it('when a fresh-looking token is refused with 401, then the client refreshes once and sends the request again', async () => {
    const bff = fakeBff();
    const sessions = memorySessionStore(bff.signIn());
    const client = createBffClient({ sessions, fetch: bff.fetch, now: bff.now });
    bff.revokeAccess();

    await expect(client.profile()).resolves.toEqual({ path: '/api/auth/profile' });
    expect(bff.calls.map((c) => c.path)).toEqual(['/api/auth/profile', '/api/auth/refresh', '/api/auth/profile']);
  });

  it('when the refresh token is refused, then the session ends, the app is told, and the call fails as unauthorized', async () => {
    const bff = fakeBff();
    const sessions = memorySessionStore(bff.signIn());
    let signedOut = 0;
    const client = createBffClient({ sessions, fetch: bff.fetch, now: bff.now, onSignedOut: () => (signedOut += 1) });
    bff.advance(900_000);
    bff.refuseRefreshWith(401);

    await expect(client.activeOrders()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(sessions.get()).toBeNull();
    expect(signedOut).toBe(1);
  });

  it('when two contexts sharing one stored session refresh at once under the shared lock, then one refresh token is spent once and both use the new pair', async () => {
    const bff = fakeBff();
    // The stored session (IndexedDB, say) and each context's own cached copy of it.
    let stored: Session | null = bff.signIn();
    const contextStore = () => {
      let cached = stored;
      return { get: () => cached, set: (next: Session | null) => void (cached = stored = next), reload: async () => void (cached = stored) };
    };
    let held: Promise<unknown> = Promise.resolve();
    const lock = <T,>(fn: () => Promise<T>): Promise<T> => {
      const run = held.then(fn, fn);
      held = run.catch(() => undefined);
      return run;
    };
    let signedOut = 0;
    const page = createBffClient({ sessions: contextStore(), fetch: bff.fetch, now: bff.now, refreshExclusively: lock, onSignedOut: () => (signedOut += 1) });
    const worker = createBffClient({ sessions: contextStore(), fetch: bff.fetch, now: bff.now, refreshExclusively: lock, onSignedOut: () => (signedOut += 1) });
    bff.advance(900_000);

    await Promise.all([page.activeOrders(), worker.placeOrder({ items: [{ menu_item_id: 'a'.repeat(24), quantity: 1 }] }, 'k-1')]);

    expect(bff.calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1);
    expect(bff.calls.filter((c) => c.path !== '/api/auth/refresh').map((c) => c.auth)).toEqual(['Bearer access-2', 'Bearer access-2']);
    expect(signedOut).toBe(0);
    expect(stored?.accessToken).toBe('access-2');
  });

  it('when the refresh meets a server error, then the session is kept for the next try', async () => {
    const bff = fakeBff();
    const sessions = memorySessionStore(bff.signIn());
    const client = createBffClient({ sessions, fetch: bff.fetch, now: bff.now });
    bff.advance(900_000);
    bff.refuseRefreshWith(502);

    const failure = await client.activeOrders().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ServerError);
    expect(isTransient(failure)).toBe(true);
    expect(sessions.get()?.refreshToken).toMatch(/^refresh-1-/);
  });

  it('when nobody is signed in, then a signed-in call fails as unauthorized without reaching the network', async () => {
    const bff = fakeBff();
    const client = createBffClient({ sessions: memorySessionStore(), fetch: bff.fetch, now: bff.now });
    await expect(client.activeOrders()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(bff.calls).toHaveLength(0);
  });

  it('when an order is placed, then its Idempotency-Key goes in the header', async () => {
    const bff = fakeBff();
    const client = createBffClient({ sessions: memorySessionStore(bff.signIn()), fetch: bff.fetch, now: bff.now });
    await client.placeOrder({ items: [{ menu_item_id: 'a'.repeat(24), quantity: 1 }], payment_method: 'cash' }, 'key-123');
    expect(bff.calls[0]).toMatchObject({ path: '/api/orders/', key: 'key-123', body: { payment_method: 'cash' } });
  });

  it('when the menu is asked for fresh, then the request says no-store (the service worker and the HTTP cache let it through); otherwise it does not', async () => {
    const modes: (string | undefined)[] = [];
    const client = createBffClient({
      sessions: memorySessionStore(),
      fetch: async (_input, init) => {
        modes.push((init as { cache?: string } | undefined)?.cache);
        return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.menuItems({}, { fresh: true });
    await client.menuItems();
    expect(modes).toEqual(['no-store', undefined]);
  });
});

describe('the BFF client: errors', () => {
  const answering = (response: () => Response | Promise<Response>) =>
    createBffClient({ sessions: memorySessionStore(), fetch: async () => response() });

  it('when the server answers with the JSON error model, then the error carries its class, status, code, message and details', async () => {
    const client = answering(() =>
      Response.json({ error: { code: 'VALIDATION_ERROR', message: 'email: must be a valid email address', details: [{ path: 'email' }] }, message: 'x' }, { status: 400 }),
    );
    const err = (await client.login('nope', 'x').catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message: 'email: must be a valid email address', details: [{ path: 'email' }] });
    expect(isTransient(err)).toBe(false);
  });

  it('when the server is busy, then the error says when to come back and counts as transient', async () => {
    const client = answering(() => Response.json({ error: { code: 'BUSY', message: 'Too many orders at once' }, message: 'x' }, { status: 429, headers: { 'retry-after': '1' } }));
    const err = (await client.categories().catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfter).toBe(1);
    expect(isTransient(err)).toBe(true);
  });

  it('when the body is not the error model (a proxy page), then the error still has a code and a message', async () => {
    const err = (await answering(() => new Response('<html>Bad gateway</html>', { status: 502 })).categories().catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: 'HTTP_502', message: 'The server answered 502' });
  });

  it('when the network is gone, then the error is a NetworkError and transient', async () => {
    const client = answering(() => Promise.reject(new TypeError('Failed to fetch')));
    const err = await client.categories().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(isTransient(err)).toBe(true);
  });
});
