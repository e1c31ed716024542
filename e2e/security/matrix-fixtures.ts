import { randomUUID } from 'node:crypto';

/**
 * The people and things the authorization matrix calls with: signed-in identities of each
 * role, and throwaway orders, payments, categories and items made fresh for each call that
 * changes something, so no cell of the matrix depends on another having run first.
 */
export type Role = 'CUSTOMER' | 'STAFF' | 'ADMIN';

export interface Identity {
  id: number;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  role: Role;
}

export interface Order {
  id: number;
  user_id: number;
  status: string;
  total_amount: number;
}

export interface Answer {
  status: number;
  body: unknown;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: FormData | string | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, { method: method.toUpperCase(), headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (HTML, metrics text): kept as text.
  }
  return { status: response.status, body: parsed };
}

async function ok<T>(answer: Promise<Answer>, what: string): Promise<T> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function createFixtures(bff: string, admin: { email: string; password: string }) {
  let adminToken: Promise<string> | undefined;
  const adminTokenOnce = () =>
    (adminToken ??= ok<{ token: string }>(call(bff, 'post', '/api/auth/login', { body: admin }), 'admin login').then((a) => a.token));

  async function login(email: string, password: string) {
    return ok<{ token: string; refreshToken: string; id: number }>(call(bff, 'post', '/api/auth/login', { body: { email, password } }), `login ${email}`);
  }

  /** A new account of `role` (registered, promoted by the admin, signed in again after the role change). */
  async function identity(role: Role): Promise<Identity> {
    const email = `matrix-${randomUUID()}@canteen.example`;
    const password = `matrix-${randomUUID()}`;
    const registered = await ok<{ id: number; token: string; refreshToken: string }>(
      call(bff, 'post', '/api/auth/register', { body: { email, password, fullName: 'Matrix Tester' } }),
      'register',
    );
    if (role === 'CUSTOMER') return { ...registered, email, password, role };
    await ok(call(bff, 'patch', `/api/users/${registered.id}`, { token: await adminTokenOnce(), body: { role } }), `make ${role}`);
    return { ...(await login(email, password)), email, password, role };
  }

  let orderableItem: Promise<string> | undefined;
  const itemToOrder = () =>
    (orderableItem ??= ok<{ id: string; available: boolean; stock: number | null; option_groups: { min: number }[] }[]>(
      call(bff, 'get', '/api/menu/items'),
      'menu',
    ).then((items) => items.find((item) => item.available && item.stock === null && item.option_groups.every((group) => group.min === 0))!.id));

  const getOrder = (owner: Identity, id: number) => call(bff, 'get', `/api/orders/${id}`, { token: owner.token });

  /** An order of `owner`: card orders are waited for until confirmed (paid, in the queue), cash ones until their payment exists. */
  async function order(owner: Identity, method: 'card' | 'cash' = 'card'): Promise<Order> {
    const placed = await ok<Order>(
      call(bff, 'post', '/api/orders/', {
        token: owner.token,
        headers: { 'idempotency-key': randomUUID() },
        body: { items: [{ menu_item_id: await itemToOrder(), quantity: 1 }], payment_method: method },
      }),
      'place order',
    );
    if (method === 'cash') {
      await until(`the payment of order ${placed.id}`, async () =>
        (await call(bff, 'get', `/api/payments/order/${placed.id}`, { token: owner.token })).status === 200 ? true : undefined);
      return placed;
    }
    return until(`order ${placed.id} confirmed`, async () => {
      const { status, body } = await getOrder(owner, placed.id);
      return status === 200 && (body as Order).status === 'confirmed' ? (body as Order) : undefined;
    });
  }

  async function paymentOf(owner: Identity, orderId: number): Promise<string> {
    return (await ok<{ payment_id: string }>(call(bff, 'get', `/api/payments/order/${orderId}`, { token: owner.token }), 'payment')).payment_id;
  }

  async function category(): Promise<string> {
    const made = await ok<{ id: string }>(
      call(bff, 'post', '/api/menu/categories', { token: await adminTokenOnce(), body: { name: `Matrix ${randomUUID()}` } }),
      'category',
    );
    return made.id;
  }

  async function item(categoryId?: string): Promise<string> {
    const made = await ok<{ id: string }>(
      call(bff, 'post', '/api/menu/items', { token: await adminTokenOnce(), body: itemBody(categoryId ?? (await category())) }),
      'menu item',
    );
    return made.id;
  }

  return { identity, login, order, paymentOf, category, item, adminToken: adminTokenOnce };
}

export type Fixtures = ReturnType<typeof createFixtures>;

export const itemBody = (categoryId: string) => ({ name: `Matrix dish ${randomUUID().slice(0, 8)}`, category_id: categoryId, price: 10 });

export const pushSubscription = () => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/matrix-${randomUUID()}`,
  expirationTime: null,
  keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' },
});
