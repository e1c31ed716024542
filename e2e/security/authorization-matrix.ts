import { randomUUID } from 'node:crypto';
import type { RouteSpec } from '../../bff/src/openapi/route-spec.ts';
import { itemBody, pushSubscription, type Fixtures, type Identity, type Order, type Role } from './matrix-fixtures.ts';

/**
 * The authorization matrix: who may call each route of the BFF's route table. The verdicts
 * come from the table's own `auth` and `access` fields; OVERRIDES says where the table's words
 * need reading (a route whose access is only in its description). A refused caller gets 401
 * (anonymous) or 403; a customer asking for another customer's order may get 404 instead where
 * the route table says so (the order's existence is not revealed).
 */
export const CALLERS = ['anonymous', 'customer', 'otherCustomer', 'staff', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];
export type Verdict = 'allowed' | 'refused';

const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, Role> = { customer: 'CUSTOMER', otherCustomer: 'CUSTOMER', staff: 'STAFF', admin: 'ADMIN' };
const isStaff = (caller: Caller) => caller === 'staff' || caller === 'admin';

/** Routes whose access is not (only) in `auth`/`access`. */
const OVERRIDES: Record<string, Partial<Record<Caller, Verdict>>> = {
  // Its description: for STAFF/ADMIN (or monitoring's METRICS_TOKEN).
  'GET /metrics': { customer: 'refused', otherCustomer: 'refused' },
  // 'ADMIN; STAFF may change only `available` and `stock`': the call below changes `available`.
  'PUT /api/menu/items/{id}': { staff: 'allowed' },
};

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method.toUpperCase()} ${route.path}`;

export function verdict(route: RouteSpec, caller: Caller): Verdict {
  const override = OVERRIDES[routeKey(route)]?.[caller];
  if (override) return override;
  if (route.auth !== 'bearer') return 'allowed';
  if (caller === 'anonymous') return 'refused';
  const access = route.access ?? 'signed in';
  if (/^ADMIN\b/.test(access)) return caller === 'admin' ? 'allowed' : 'refused';
  if (access === 'STAFF/ADMIN') return isStaff(caller) ? 'allowed' : 'refused';
  // The owner (our `customer`), or STAFF/ADMIN: someone else's thing is refused.
  if (/owner|that user/.test(access)) return caller === 'otherCustomer' ? 'refused' : 'allowed';
  return 'allowed';
}

/** The answers that count as a refusal of `caller` on `route`. */
export function refusals(route: RouteSpec, caller: Caller): number[] {
  if (caller === 'anonymous') return [401];
  // "NOT_FOUND: … (also another customer's)": the route hides what is not yours.
  const hides = caller === 'otherCustomer' && /another customer's/.test(route.errors?.[404] ?? '');
  return hides ? [403, 404] : [403];
}

/** The service that answers a route behind the BFF (same path), or undefined for the BFF's own routes. */
export function serviceOf(path: string): 'users' | 'menu' | 'orders' | 'payments' | 'queue' | undefined {
  if (/^\/api\/(auth|users|push\/subscriptions)\b/.test(path)) return 'users';
  if (path.startsWith('/api/menu/')) return 'menu';
  if (path.startsWith('/api/orders/')) return 'orders';
  if (path.startsWith('/api/payments/')) return 'payments';
  if (path.startsWith('/api/queue/')) return 'queue';
  return undefined;
}

export interface Shared {
  owner: Identity;
  other: Identity;
  order: Order;
  paymentId: string;
  categoryId: string;
  itemId: string;
  /** An account the login and refresh cells sign in as. */
  account: Identity;
}

export interface CellContext {
  caller: Caller;
  fixtures: Fixtures;
  shared: Shared;
}

export interface CellRequest {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A token of the caller's role other than theirs (a throwaway identity: the call ends its sessions). */
  token?: string;
}

type Build = (ctx: CellContext) => Promise<CellRequest> | CellRequest;

/** A throwaway identity with the caller's role, for calls that end the caller's sessions. */
async function throwaway(ctx: CellContext): Promise<Identity | undefined> {
  return ctx.caller === 'anonymous' ? undefined : ctx.fixtures.identity(ROLE_OF[ctx.caller]);
}

const freshOrder = (ctx: CellContext, method: 'card' | 'cash' = 'card') => ctx.fixtures.order(ctx.shared.owner, method);
const freshPayment = async (ctx: CellContext, method: 'card' | 'cash') =>
  ctx.fixtures.paymentOf(ctx.shared.owner, (await freshOrder(ctx, method)).id);

/**
 * How each route is called. A route with no entry is called as its path stands (no path
 * parameter, no body). Calls that change something work on things made for that call.
 */
export const REQUESTS: Record<string, Build> = {
  'GET /api/docs/{asset}': () => ({ path: '/api/docs/docs.js' }),
  'POST /api/auth/register': () => ({
    path: '/api/auth/register',
    body: { email: `matrix-${randomUUID()}@canteen.example`, password: `matrix-${randomUUID()}`, fullName: 'Matrix Sign-up' },
  }),
  'POST /api/auth/login': ({ shared }) => ({ path: '/api/auth/login', body: { email: shared.account.email, password: shared.account.password } }),
  'POST /api/auth/refresh': async ({ fixtures, shared }) => ({
    path: '/api/auth/refresh',
    body: { refreshToken: (await fixtures.login(shared.account.email, shared.account.password)).refreshToken },
  }),
  'POST /api/auth/logout': async (ctx) => ({ path: '/api/auth/logout', body: {}, token: (await throwaway(ctx))?.token }),
  'POST /api/auth/password': async (ctx) => {
    const who = await throwaway(ctx);
    return {
      path: '/api/auth/password',
      body: { currentPassword: who?.password ?? 'not-signed-in', newPassword: `matrix-new-${randomUUID()}` },
      token: who?.token,
    };
  },
  'PUT /api/auth/profile': () => ({ path: '/api/auth/profile', body: { fullName: 'Matrix Renamed' } }),
  'PATCH /api/users/{id}': async ({ fixtures }) => ({ path: `/api/users/${(await fixtures.identity('CUSTOMER')).id}`, body: { active: false } }),
  'POST /api/push/subscriptions': () => ({ path: '/api/push/subscriptions', body: pushSubscription() }),
  'DELETE /api/push/subscriptions': () => ({ path: '/api/push/subscriptions', body: { endpoint: pushSubscription().endpoint } }),

  'POST /api/menu/categories': () => ({ path: '/api/menu/categories', body: { name: `Matrix ${randomUUID()}` } }),
  'PUT /api/menu/categories/{id}': async ({ fixtures }) => ({
    path: `/api/menu/categories/${await fixtures.category()}`,
    body: { description: 'changed by the matrix' },
  }),
  'DELETE /api/menu/categories/{id}': async ({ fixtures }) => ({ path: `/api/menu/categories/${await fixtures.category()}` }),
  'GET /api/menu/items/category/{categoryId}': ({ shared }) => ({ path: `/api/menu/items/category/${shared.categoryId}` }),
  'GET /api/menu/items/{id}': ({ shared }) => ({ path: `/api/menu/items/${shared.itemId}` }),
  'POST /api/menu/items': ({ shared }) => ({ path: '/api/menu/items', body: itemBody(shared.categoryId) }),
  'PUT /api/menu/items/{id}': async ({ fixtures, shared }) => ({ path: `/api/menu/items/${await fixtures.item(shared.categoryId)}`, body: { available: false } }),
  'DELETE /api/menu/items/{id}': async ({ fixtures, shared }) => ({ path: `/api/menu/items/${await fixtures.item(shared.categoryId)}` }),
  // No `image` field: an allowed caller gets 400, a refused one must not get that far.
  'POST /api/menu/items/{id}/image': ({ shared }) => ({ path: `/api/menu/items/${shared.itemId}/image`, body: new FormData() }),
  'GET /api/menu/images/{file}': () => ({ path: `/api/menu/images/${'0'.repeat(32)}.png` }),

  'POST /api/orders/': ({ shared }) => ({
    path: '/api/orders/',
    headers: { 'idempotency-key': randomUUID() },
    body: { items: [{ menu_item_id: shared.itemId, quantity: 1 }], payment_method: 'cash' },
  }),
  'GET /api/orders/user/{userId}': ({ shared }) => ({ path: `/api/orders/user/${shared.owner.id}` }),
  'GET /api/orders/user/{userId}/active': ({ shared }) => ({ path: `/api/orders/user/${shared.owner.id}/active` }),
  'GET /api/orders/{id}': ({ shared }) => ({ path: `/api/orders/${shared.order.id}` }),
  'GET /api/orders/{id}/history': ({ shared }) => ({ path: `/api/orders/${shared.order.id}/history` }),
  'PUT /api/orders/{id}/status': async (ctx) => ({
    path: `/api/orders/${(await freshOrder(ctx)).id}/status`,
    headers: { 'idempotency-key': randomUUID() },
    body: { status: 'preparing' },
  }),
  'DELETE /api/orders/{id}': async (ctx) => ({ path: `/api/orders/${(await freshOrder(ctx)).id}`, headers: { 'idempotency-key': randomUUID() } }),

  // The owner's order already has its payment: the owner gets it back (200), staff PAYMENT_EXISTS (409).
  'POST /api/payments/': ({ shared }) => ({
    path: '/api/payments/',
    body: { order_id: shared.order.id, user_id: shared.owner.id, amount: shared.order.total_amount, payment_method: 'card' },
  }),
  'GET /api/payments/order/{orderId}': ({ shared }) => ({ path: `/api/payments/order/${shared.order.id}` }),
  'GET /api/payments/{payment_id}': ({ shared }) => ({ path: `/api/payments/${shared.paymentId}` }),
  'POST /api/payments/{payment_id}/process': ({ shared }) => ({ path: `/api/payments/${shared.paymentId}/process`, body: {} }),
  'PUT /api/payments/{payment_id}/status': async (ctx) => ({
    path: `/api/payments/${await freshPayment(ctx, 'cash')}/status`,
    body: { status: 'success' },
  }),
  'POST /api/payments/{payment_id}/refund': async (ctx) => ({ path: `/api/payments/${await freshPayment(ctx, 'card')}/refund`, body: {} }),
  'GET /api/payments/{payment_id}/receipt': ({ shared }) => ({ path: `/api/payments/${shared.paymentId}/receipt` }),

  'POST /api/queue/': ({ shared }) => ({ path: '/api/queue/', body: { order_id: shared.order.id, user_id: shared.owner.id } }),
  'GET /api/queue/order/{orderId}': ({ shared }) => ({ path: `/api/queue/order/${shared.order.id}` }),
  'PUT /api/queue/order/{orderId}': async (ctx) => ({ path: `/api/queue/order/${(await freshOrder(ctx)).id}`, body: { priority: 3 } }),
  'DELETE /api/queue/order/{orderId}': async (ctx) => ({ path: `/api/queue/order/${(await freshOrder(ctx)).id}`, body: { action: 'cancel' } }),

  'POST /api/admin/dead-letters/redrive': () => ({ path: '/api/admin/dead-letters/redrive', body: { queue: 'matrix.none', message_id: randomUUID() } }),
};

/**
 * Routes of the services that the BFF does not pass through one by one (it gathers them at
 * /api/admin/dead-letters): called on the services directly, ADMIN only.
 */
export const SERVICE_ONLY_ROUTES: RouteSpec[] = (['orders', 'payments', 'queue'] as const).flatMap((service) => [
  { method: 'get', path: `/api/${service}/dead-letters`, auth: 'bearer', access: 'ADMIN' },
  { method: 'post', path: `/api/${service}/dead-letters/redrive`, auth: 'bearer', access: 'ADMIN' },
] as RouteSpec[]);
for (const service of ['orders', 'payments', 'queue']) {
  const path = `/api/${service}/dead-letters/redrive`;
  REQUESTS[`POST ${path}`] = () => ({ path, body: { queue: 'matrix.none', message_id: randomUUID() } });
}
