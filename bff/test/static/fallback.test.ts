import { rmSync } from 'node:fs';
import { ErrorBodySchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtAppFiles, HTML, writeFiles, serveFixtureApps, type FixtureApps, type ServedApps } from './fixture-apps.ts';
import { METRICS_TOKEN } from '../helpers.ts';

let bff: ServedApps;
let apps: FixtureApps;

beforeAll(async () => {
  // The board is not built.
  bff = await serveFixtureApps(['pwa', 'admin', 'kitchen']);
  apps = bff.apps;
});
afterAll(() => bff?.stop());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${bff.url}${path}`, { headers, method });

async function expectJson404(response: Response, label: string) {
  expect(response.status, label).toBe(404);
  expect(response.headers.get('content-type'), label).toMatch(/^application\/json/);
  expect(ErrorBodySchema.parse(await response.json()).error.code).toBe('NOT_FOUND');
}

describe('page loads of an app’s routes', () => {
  it.each([
    ['/menu/5', 'pwa'],
    ['/orders/42/track', 'pwa'],
    ['/kitchen/orders/12', 'kitchen'],
    ['/kitchen/tickets/all-day', 'kitchen'],
    ['/admin/users/3', 'admin'],
    ['/ADMIN/users', 'admin'],
    ['/administrator', 'pwa'],
    ['/kitchenette/menu', 'pwa'],
  ])('when %s is loaded as a page, then it is the %s app’s index.html, revalidated on every use', async (path, app) => {
    const response = await get(path, HTML);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(await response.text()).toContain(`data-app="${app}"`);
  });

  it('when a route is loaded with HEAD, then the answer is the index.html’s headers without a body', async () => {
    const response = await get('/kitchen/orders/12', HTML, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await response.text()).toBe('');
  });

  it('when a route is asked for by a script (no text/html), then the answer is the JSON 404', async () => {
    await expectJson404(await get('/menu/5', { accept: 'application/json' }), 'json');
    await expectJson404(await get('/kitchen/orders/12', { accept: '*/*' }), '*/*');
  });

  it('when a route is sent anything but GET or HEAD, then the answer is the JSON 404', async () => {
    await expectJson404(await fetch(`${bff.url}/menu/5`, { method: 'POST', headers: HTML }), 'POST');
  });
});

describe('what the fallback never swallows', () => {
  it.each(['/api/x', '/api/menu-nothing', '/API/x', '/ws', '/ws/x', '/api/docs/missing'])(
    'when %s is loaded as a page, then it is the API’s JSON 404',
    async (path) => {
      await expectJson404(await get(path, HTML), path);
    },
  );

  it('when /health, /ready or /metrics is loaded as a page, then the BFF itself answers', async () => {
    const health = await get('/health', HTML);
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await health.json()).toMatchObject({ service: 'BFF' });
    expect((await get('/ready', HTML)).headers.get('content-type')).toMatch(/^application\/json/);
    const metrics = await get('/metrics', { ...HTML, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request_duration_seconds');
  });

  it('when a missing file is loaded as a page, then it stays a 404', async () => {
    await expectJson404(await get('/assets/x.js', HTML), '/assets/x.js');
    await expectJson404(await get('/admin/assets/x.css', HTML), '/admin/assets/x.css');
  });

  it('when the API docs are loaded, then they are the docs page, not an app', async () => {
    const docs = await get('/api/docs', HTML);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/docs/docs.js');
  });
});

describe('an app that is not built', () => {
  it('when its routes are loaded as pages, then a 503 page says which app is missing and how to build it', async () => {
    for (const path of ['/board', '/board/', '/board/today']) {
      const response = await get(path, HTML);
      expect(response.status, path).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('Pickup board');
      expect(html).toContain('BOARD_DIST_DIR');
      expect(html).toContain('<code>/board</code>');
      expect(html).toContain('pnpm --dir staff-desktop run build');
      expect(html).toContain('href="/api/docs"');
    }
  });

  it('when the page is checked for what it loads, then it is self-contained and allowed by its own policy', async () => {
    const response = await get('/board/', HTML);
    const html = await response.text();
    // No scripts, no external style sheets, images or fonts: one inline style, allowed by hash.
    expect(html).not.toMatch(/<script|<link|<img|url\(|@import/i);
    expect(html).not.toMatch(/\son\w+=/i);
    const [, style] = html.match(/<style>([\s\S]*?)<\/style>/)!;
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(style!).digest('base64');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('when something other than a page load is asked for under it, then the answer is the JSON 404', async () => {
    await expectJson404(await get('/board/assets/index-B4xQ9kLm.js'), 'asset');
    await expectJson404(await get('/board/today', { accept: 'application/json' }), 'json');
  });

  it('when it is built while the BFF runs, then it is served without a restart, and the page returns when it goes', async () => {
    writeFiles(apps.dir('board'), builtAppFiles('board', '/board/'));
    try {
      const page = await get('/board/today', HTML);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-app="board"');
      expect((await get('/board/manifest.webmanifest')).status).toBe(200);
    } finally {
      rmSync(apps.dir('board'), { recursive: true, force: true });
    }
    expect((await get('/board/today', HTML)).status).toBe(503);
  });
});
