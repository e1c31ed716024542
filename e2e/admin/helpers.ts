import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';

/** The admin panel is used at a laptop. */
export const LAPTOP = { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'en-IN', colorScheme: 'light' as const };
export const ADMIN = { email: 'admin@canteen.local', password: 'canteen-admin' };

/** The BFF's API as a test calls it (JSON in and out); the status is returned, never thrown. */
export function apiOf(baseUrl: string) {
  return async function api<T = unknown>(pathname: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${pathname}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}
export type Api = ReturnType<typeof apiOf>;

export async function tokenOf(api: Api, email: string, password: string): Promise<string> {
  const res = await api<{ token: string }>('/api/auth/login', { method: 'POST', body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return res.body.token;
}

/** A page of the panel, signed in as the demo admin, on the Dashboard. */
export async function adminPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext(LAPTOP);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Admin pages' }).waitFor();
  return page;
}

export async function openPage(page: Page, name: 'Dashboard' | 'Live' | 'Menu' | 'People' | 'Orders'): Promise<void> {
  await page.getByRole('navigation', { name: 'Admin pages' }).getByRole('link', { name }).click();
}

/** axe's serious and critical findings on what the page shows now, as `id: target` lines (empty: none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')}`));
}
