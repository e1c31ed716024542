import { ErrorBodySchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_BIG_JS, ASSET_CSS, ASSET_JS, HTML, rawRequest, serveFixtureApps, type ServedApps } from './fixture-apps.ts';

const YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';

let bff: ServedApps;

beforeAll(async () => {
  bff = await serveFixtureApps(['pwa', 'admin', 'kitchen']);
});
afterAll(() => bff?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${bff.url}${path}`, { headers });

describe('the built apps’ files', () => {
  it('when a hashed asset is asked for, then it is cached for a year as immutable, with its type, ETag and Last-Modified', async () => {
    const js = await get(`/${ASSET_JS}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(js.headers.get('cache-control')).toBe(YEAR_IMMUTABLE);
    expect(js.headers.get('etag')).toBeTruthy();
    expect(js.headers.get('last-modified')).toBeTruthy();
    expect(await js.text()).toContain('"pwa"');

    const css = await get(`/${ASSET_CSS}`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toBe(YEAR_IMMUTABLE);
  });

  it('when a browser accepts gzip, then a script is sent gzipped (same content), and one that does not gets it plain', async () => {
    const gzipped = await get(`/${ASSET_BIG_JS}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(gzipped.headers.get('cache-control')).toBe(YEAR_IMMUTABLE);
    const content = await gzipped.text(); // fetch undoes the gzip
    expect(content).toContain('pwa dish 199');

    const plain = await rawRequest(bff.url, `/${ASSET_BIG_JS}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(content);
  });

  it('when a file is asked for again with its ETag or its date, then the answer is 304 without a body', async () => {
    // Raw requests, as a browser's cache revalidates: fetch() adds `Cache-Control: no-cache` to
    // a conditional request, which asks for the full answer.
    const first = await get(`/${ASSET_JS}`);
    const byEtag = await rawRequest(bff.url, `/${ASSET_JS}`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(byEtag.status).toBe(304);
    expect(byEtag.text).toBe('');
    const byDate = await rawRequest(bff.url, '/sw.js', { headers: { 'if-modified-since': (await get('/sw.js')).headers.get('last-modified')! } });
    expect(byDate.status).toBe(304);
    const changed = await rawRequest(bff.url, `/${ASSET_JS}`, { headers: { 'if-none-match': 'W/"something-else"' } });
    expect(changed.status).toBe(200);
  });

  it('when index.html, the service worker or the manifest is asked for, then it must be revalidated on every use', async () => {
    const index = await get('/', HTML);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('data-app="pwa"');

    const sw = await get('/sw.js');
    expect(sw.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    // Each worker sits at the top of its scope, so no wider scope is granted.
    expect(sw.headers.get('service-worker-allowed')).toBeNull();

    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(await manifest.json()).toMatchObject({ name: 'pwa', start_url: '/' });
  });

  it('when a file that is not hashed is asked for (an icon), then it is revalidated rather than kept', async () => {
    const icon = await get('/icons/icon-192.png');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('when an app under a prefix is asked for its files, then they come from its own folder', async () => {
    const kitchen = await get(`/kitchen/${ASSET_JS}`);
    expect(kitchen.headers.get('cache-control')).toBe(YEAR_IMMUTABLE);
    expect(await kitchen.text()).toContain('"kitchen"');
    const adminIndex = await get('/admin/', HTML);
    expect(await adminIndex.text()).toContain('data-app="admin"');
    expect(await (await get('/admin/manifest.webmanifest')).json()).toMatchObject({ name: 'admin', start_url: '/admin/' });
  });

  it('when an app’s prefix is asked for without its slash, then it redirects to the folder (the service worker scope)', async () => {
    const response = await fetch(`${bff.url}/kitchen`, { headers: HTML, redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/kitchen/');
  });

  it('when a file is asked for with HEAD, then the headers are those of GET and there is no body', async () => {
    const head = await fetch(`${bff.url}/${ASSET_JS}`, { method: 'HEAD' });
    const full = await get(`/${ASSET_JS}`);
    expect(head.status).toBe(200);
    for (const name of ['content-type', 'content-length', 'etag', 'cache-control']) {
      expect(head.headers.get(name)).toBe(full.headers.get(name));
    }
    expect(await head.text()).toBe('');
  });
});

describe('what is never served', () => {
  it('when a missing asset is asked for, then the answer is the JSON 404, never an index.html', async () => {
    for (const path of ['/assets/missing.js', '/kitchen/assets/missing-Ab12Cd34.js', '/favicon.ico']) {
      for (const headers of [{}, HTML]) {
        const response = await get(path, headers);
        expect(response.status, path).toBe(404);
        expect(ErrorBodySchema.parse(await response.json()).error.code).toBe('NOT_FOUND');
      }
    }
  });

  it('when a dotfile is asked for, then it is not served', async () => {
    for (const path of ['/.env', '/admin/.env', '/%2eenv']) {
      const plain = await get(path);
      expect(plain.status, path).toBe(404);
      // A page load of it gets the app, never the file.
      expect(await (await get(path, HTML)).text()).not.toContain('dotfile-secret');
    }
  });

  it('when a path climbs out of the folder with `..` in any spelling, then nothing outside is served', async () => {
    const paths = [
      '/../secret.txt',
      '/admin/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/admin/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/kitchen/..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ];
    for (const path of paths) {
      for (const headers of [{}, HTML]) {
        const response = await rawRequest(bff.url, path, { headers });
        expect(response.text, path).not.toContain('outside-the-dist-folders');
        expect(response.text).not.toContain('root:');
        // A page load of a strange route may get an app's index.html, and only that.
        if (response.status === 200) expect(response.text).toContain('data-app="');
        else expect(response.status, path).toBe(404);
      }
    }
  });

  it('when a folder is asked for, then there is no listing of it', async () => {
    const response = await get('/assets/');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('index-B4xQ9kLm');
  });
});
