import type { Page } from 'playwright-core';

/**
 * What the kitchen's browser tests (and the screenshot and bench scripts) do besides driving
 * the page: sign people in and place real orders through the BFF, as a phone would.
 */
export const STAFF = { email: 'staff@canteen.local', password: 'canteen-staff' };
export const STUDENT = { email: 'student@canteen.local', password: 'canteen-student' };
export const KITCHEN_VIEWPORT = { viewport: { width: 1920, height: 1080 }, locale: 'en-IN' };
export const BOARD_VIEWPORT = { viewport: { width: 1280, height: 720 }, locale: 'en-IN' };

export interface ApiOrder {
  id: number;
  status: string;
  queue_number: number | null;
  payment_status: string;
  cancel_reason?: string | null;
  items: { item_name: string }[];
}
export interface ApiMenuItem {
  id: string;
  name: string;
  available: boolean;
  stock: number | null;
  option_groups?: { id: string; required?: boolean; min?: number; options?: { id: string }[] }[];
}

async function call<T>(base: string, path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function canteenApi(base: string) {
  return {
    async login(account: { email: string; password: string }): Promise<string> {
      return (await call<{ token: string }>(base, '/api/auth/login', { method: 'POST', body: account })).token;
    },
    async register(name: string): Promise<string> {
      const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@campus.example`;
      return (await call<{ token: string }>(base, '/api/auth/register', { method: 'POST', body: { email, password: 'a quiet lunch 42', fullName: name } })).token;
    },
    menu: () => call<ApiMenuItem[]>(base, '/api/menu/items'),
    placeOrder: (token: string, body: { items: { menu_item_id: string; quantity: number; special_instructions?: string; options?: { group_id: string; option_ids: string[] }[] }[]; payment_method?: string; special_instructions?: string }) =>
      call<ApiOrder>(base, '/api/orders/', { method: 'POST', token, body, headers: { 'idempotency-key': `e2e-${Date.now()}-${Math.random()}` } }),
    order: (token: string, id: number) => call<ApiOrder>(base, `/api/orders/${id}`, { token }),
    setStatus: (token: string, id: number, status: string) => call<ApiOrder>(base, `/api/orders/${id}/status`, { method: 'PUT', token, body: { status }, headers: { 'idempotency-key': `e2e-${id}-${status}` } }),
  };
}

/** Dishes any student can order without choosing options (required option groups left out). */
export async function simpleDishes(base: string): Promise<ApiMenuItem[]> {
  const items = await canteenApi(base).menu();
  return items.filter((item) => item.available && item.stock === null && !(item.option_groups ?? []).some((group) => group.required || (group.min ?? 0) > 0));
}

/** Signs the kitchen display in as staff and waits for the tickets. */
export async function signInKitchen(page: Page, base: string, account = STAFF): Promise<void> {
  await page.goto(`${base}/kitchen`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: 20_000 });
}
