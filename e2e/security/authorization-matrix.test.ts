import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ROUTES } from '../../bff/src/openapi/routes.ts';
import type { RouteSpec } from '../../bff/src/openapi/route-spec.ts';
import { running, startCanteen, WebSocket } from '../all-in-one/canteen.ts';
import {
  CALLERS, REQUESTS, SERVICE_ONLY_ROUTES, refusals, routeKey, serviceOf, verdict, type Caller, type CellContext, type Shared,
} from './authorization-matrix.ts';
import { call, createFixtures, type Fixtures } from './matrix-fixtures.ts';

/**
 * Every route of the BFF's route table × anonymous, a customer, another customer, staff and
 * an admin, against the real all-in-one system: allowed callers are not refused, refused ones
 * get 401/403. Each service enforces roles itself, so the routes it answers are also called on
 * its own port, past the BFF, with the same verdicts. Generated from authorization-matrix.ts.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-matrix-'));
let bff = '';
const direct: Record<string, string> = {};
let fixtures: Fixtures;
let shared: Shared;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  const canteen = await startCanteen(dataDir, {
    // The matrix signs up, signs in and orders far more than one person a minute.
    REGISTER_RATE_PER_MINUTE: '100000', LOGIN_RATE_PER_MINUTE: '100000', ORDER_RATE_PER_MINUTE: '100000', ORDERS_IN_FLIGHT: '1000',
    ADMIN_EMAIL: 'matrix-admin@canteen.example', ADMIN_PASSWORD: 'matrix-admin-passphrase',
  }, 180_000);
  bff = canteen.url;
  const ports = canteen.ports;
  Object.assign(direct, {
    users: `http://127.0.0.1:${ports.USERS_PORT}`, menu: `http://127.0.0.1:${ports.MENU_PORT}`, orders: `http://127.0.0.1:${ports.ORDERS_PORT}`,
    payments: `http://127.0.0.1:${ports.PAYMENTS_PORT}`, queue: `http://127.0.0.1:${ports.QUEUE_PORT}`,
  });
  fixtures = createFixtures(bff, { email: 'matrix-admin@canteen.example', password: 'matrix-admin-passphrase' });
  const [owner, other, staff, account, categoryId] = await Promise.all([
    fixtures.identity('CUSTOMER'), fixtures.identity('CUSTOMER'), fixtures.identity('STAFF'), fixtures.identity('CUSTOMER'), fixtures.category(),
  ]);
  const itemId = await fixtures.item(categoryId);
  const order = await fixtures.order(owner);
  shared = { owner, other, account, categoryId, itemId, order, paymentId: await fixtures.paymentOf(owner, order.id) };
  Object.assign(tokens, { customer: owner.token, otherCustomer: other.token, staff: staff.token, admin: await fixtures.adminToken() });
}, 360_000);

afterAll(async () => {
  for (const service of running) await service.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `/ws` is not a request: the caller opens it and says who they are; the welcome names the scope they got. */
async function openSocket(token: string | undefined): Promise<number> {
  const socket = new WebSocket(`${bff.replace('http', 'ws')}/ws`);
  try {
    return await new Promise<number>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token: token ?? null })));
      socket.on('message', (raw) => {
        const message = JSON.parse(raw.toString()) as { type: string };
        if (message.type === 'welcome') resolve(101);
        if (message.type === 'error') resolve(401);
      });
    });
  } finally {
    socket.terminate();
  }
}

async function callCell(route: RouteSpec, caller: Caller, base: string): Promise<{ status: number; body: unknown }> {
  if (route.path === '/ws') return { status: await openSocket(tokens[caller]), body: null };
  const ctx: CellContext = { caller, fixtures, shared };
  const build = REQUESTS[routeKey(route)];
  if (!build && route.path.includes('{')) throw new Error(`no request for ${routeKey(route)} in authorization-matrix.ts`);
  const request = build ? await build(ctx) : { path: route.path };
  const token = 'token' in request ? request.token : tokens[caller];
  return call(base, route.method, request.path, { token, body: request.body, headers: request.headers });
}

function check(route: RouteSpec, caller: Caller, answer: { status: number; body: unknown }) {
  const refusedWith = refusals(route, caller);
  const seen = `${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`;
  if (verdict(route, caller) === 'refused') {
    expect(refusedWith, seen).toContain(answer.status);
  } else {
    expect([401, 403, ...refusedWith], seen).not.toContain(answer.status);
    expect(answer.status, seen).toBeLessThan(500);
  }
}

const protectedRoute = (route: RouteSpec) => CALLERS.some((caller) => verdict(route, caller) === 'refused');

describe.concurrent('authorization matrix, through the BFF', () => {
  for (const route of PUBLIC_ROUTES) {
    for (const caller of CALLERS) {
      it(`when ${caller} calls ${routeKey(route)}, then it is ${verdict(route, caller)}`, async () => {
        check(route, caller, await callCell(route, caller, bff));
      }, 60_000);
    }
  }
});

describe.concurrent('authorization matrix, each service on its own port (past the BFF)', () => {
  const routes = [...PUBLIC_ROUTES.filter((route) => serviceOf(route.path) && protectedRoute(route)), ...SERVICE_ONLY_ROUTES];
  for (const route of routes) {
    for (const caller of CALLERS) {
      it(`when ${caller} calls ${routeKey(route)} on the ${serviceOf(route.path)} service, then it is ${verdict(route, caller)}`, async () => {
        check(route, caller, await callCell(route, caller, direct[serviceOf(route.path)!]!));
      }, 60_000);
    }
  }
});

describe('authorization matrix, its table', () => {
  it('when a route of the table has a path parameter or a body, then the matrix knows how to call it', () => {
    const missing = PUBLIC_ROUTES.filter((route) => (route.path.includes('{') || (route.body && route.body.required !== false)) && !REQUESTS[routeKey(route)]);
    expect(missing.map(routeKey)).toEqual([]);
  });

  it('when every caller is counted, then each protected route refuses someone and allows someone', () => {
    for (const route of PUBLIC_ROUTES.filter(protectedRoute)) {
      expect(CALLERS.some((caller) => verdict(route, caller) === 'allowed'), routeKey(route)).toBe(true);
    }
  });
});
