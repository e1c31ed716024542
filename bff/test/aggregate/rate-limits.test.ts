import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKeyPair } from '@canteen/service-kit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startBffWith, tokensFor, type ApiResponse, type RunningBff, type Tokens } from './system.ts';

const keys = generateSigningKeyPair();
let tokens: Tokens;
beforeAll(async () => {
  tokens = await tokensFor(keys);
});

/** A stand-in service that counts what reaches it and answers 201 (orders) or 200 (login). */
async function startCountingUpstream() {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      const status = req.method === 'POST' && req.url?.startsWith('/api/orders') ? 201 : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bffInFrontOf(env: Record<string, string>): Promise<{ bff: RunningBff; upstream: Awaited<ReturnType<typeof startCountingUpstream>> }> {
  const upstream = await startCountingUpstream();
  cleanups.push(upstream.close);
  const bff = await startBffWith({
    JWT_PUBLIC_KEY: keys.publicKey,
    USERS_SERVICE_URL: upstream.url,
    ORDERS_SERVICE_URL: upstream.url,
    ...env,
  });
  cleanups.push(bff.stop);
  return { bff, upstream };
}

function expectLimited(res: ApiResponse): void {
  expectError(res, 429, 'TOO_MANY_REQUESTS');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

const order = { items: [{ menu_item_id: 'masala-dosa', quantity: 1 }] };

describe('POST /api/orders per user', () => {
  it('when a user places a 4th order within the minute with ORDER_RATE_PER_MINUTE=3, then it is 429 JSON with Retry-After and is not forwarded', async () => {
    const { bff, upstream } = await bffInFrontOf({ ORDER_RATE_PER_MINUTE: '3' });

    const allowed: number[] = [];
    // With and without the trailing slash: both are the same route and the same budget.
    for (const path of ['/api/orders/', '/api/orders', '/api/orders/']) {
      allowed.push((await bff.call('POST', path, { token: tokens.customer, body: order })).status);
    }
    const fourth = await bff.call('POST', '/api/orders', { token: tokens.customer, body: order });

    expect(allowed).toEqual([201, 201, 201]);
    expectLimited(fourth);
    expect(upstream.paths.filter((p) => p.startsWith('POST /api/orders'))).toHaveLength(3);
  });

  it('when one user has used up the budget, then another user (from the same address) can still order', async () => {
    const { bff } = await bffInFrontOf({ ORDER_RATE_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order });
    expectLimited(await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order }));

    const other = await bff.call('POST', '/api/orders/', { token: tokens.otherCustomer, body: order });

    expect(other.status).toBe(201);
  });

  it("when a forged token is sent, then it counts against the address, not against the user it names", async () => {
    const { bff } = await bffInFrontOf({ ORDER_RATE_PER_MINUTE: '3' });
    const forged = `${tokens.customer.slice(0, -4)}AAAA`;
    for (let i = 0; i < 4; i++) await bff.call('POST', '/api/orders/', { token: forged, body: order });

    const real = await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order });

    expect(real.status).toBe(201);
  });

  it('when orders are read, then reads do not spend the budget', async () => {
    const { bff } = await bffInFrontOf({ ORDER_RATE_PER_MINUTE: '3' });
    for (let i = 0; i < 5; i++) expect((await bff.call('GET', '/api/orders/1', { token: tokens.customer })).status).toBe(200);

    const placed = await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order });

    expect(placed.status).toBe(201);
  });
});

describe('POST /api/auth/login per client address', () => {
  it('when the same address tries a 3rd login within the minute with LOGIN_RATE_PER_MINUTE=2, then it is 429 JSON with Retry-After and is not forwarded', async () => {
    const { bff, upstream } = await bffInFrontOf({ LOGIN_RATE_PER_MINUTE: '2' });
    const credentials = { email: 'someone@example.com', password: 'Whatever-Pass-1' };

    const first = await bff.call('POST', '/api/auth/login', { body: credentials });
    // Another account, same address: the budget is the address's.
    const second = await bff.call('POST', '/api/auth/login/', { body: { ...credentials, email: 'other@example.com' } });
    const third = await bff.call('POST', '/api/auth/login', { body: credentials });

    expect([first.status, second.status]).toEqual([200, 200]);
    expectLimited(third);
    expect(upstream.paths.filter((p) => p.startsWith('POST /api/auth/login'))).toHaveLength(2);
  });

  it('when logins are used up, then other auth routes still reach the users service', async () => {
    const { bff } = await bffInFrontOf({ LOGIN_RATE_PER_MINUTE: '2' });
    for (let i = 0; i < 3; i++) await bff.call('POST', '/api/auth/login', { body: {} });

    const register = await bff.call('POST', '/api/auth/register', { body: {} });

    expect(register.status).toBe(200);
  });
});

describe('POST /api/auth/register per client address', () => {
  it('when the same address signs up a 3rd time within the minute with REGISTER_RATE_PER_MINUTE=2, then it is 429 and is not forwarded, while logins go on', async () => {
    const { bff, upstream } = await bffInFrontOf({ REGISTER_RATE_PER_MINUTE: '2' });
    const signUp = (n: number) => bff.call('POST', '/api/auth/register', { body: { email: `new${n}@example.com` } });

    expect([(await signUp(1)).status, (await signUp(2)).status]).toEqual([200, 200]);
    expectLimited(await signUp(3));
    expect(upstream.paths.filter((p) => p.startsWith('POST /api/auth/register'))).toHaveLength(2);
    expect((await bff.call('POST', '/api/auth/login', { body: {} })).status).toBe(200);
  });
});

describe('POST /api/orders in flight at once', () => {
  /** An orders stand-in that holds every placement until `release()`. */
  async function startHoldingOrders() {
    const held: http.ServerResponse[] = [];
    let holding = true;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
        if (holding) held.push(Object.assign(res, { answer }));
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      held,
      release() {
        holding = false;
        for (const res of held.splice(0)) (res as http.ServerResponse & { answer(): void }).answer();
      },
    };
  }

  it('when ORDERS_IN_FLIGHT placements are under way, then the next is 503 BUSY at once with Retry-After, is not forwarded and does not spend the budget', async () => {
    const orders = await startHoldingOrders();
    const bff = await startBffWith({ JWT_PUBLIC_KEY: keys.publicKey, ORDERS_SERVICE_URL: orders.url, ORDERS_IN_FLIGHT: '2', ORDER_RATE_PER_MINUTE: '3' });
    cleanups.push(bff.stop);
    const first = bff.call('POST', '/api/orders/', { token: tokens.customer, body: order });
    const second = bff.call('POST', '/api/orders/', { token: tokens.otherCustomer, body: order });
    while (orders.held.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));

    const busy = await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order });

    expectError(busy, 503, 'BUSY');
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(orders.held).toHaveLength(2);
    orders.release();
    expect([(await first).status, (await second).status]).toEqual([201, 201]);
    // Two of the customer's three a minute are left: the BUSY answer did not count.
    expect((await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order })).status).toBe(201);
    expect((await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order })).status).toBe(201);
    expectLimited(await bff.call('POST', '/api/orders/', { token: tokens.customer, body: order }));
  });
});
