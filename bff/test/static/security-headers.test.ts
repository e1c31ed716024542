import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_JS, HTML, serveFixtureApps, type ServedApps } from './fixture-apps.ts';

let bff: ServedApps;

beforeAll(async () => {
  bff = await serveFixtureApps(['pwa', 'kitchen']);
});
afterAll(() => bff?.stop());

/** `a x y; b z` → { a: 'x y', b: 'z' } */
function directives(header: string | null): Record<string, string> {
  expect(header).toBeTruthy();
  return Object.fromEntries(
    header!
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

const APP_POLICY = {
  'default-src': "'self'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self'",
  'img-src': "'self' data: blob:",
  'media-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

describe('security headers', () => {
  it.each(['/', '/menu/5', `/${ASSET_JS}`, '/sw.js', '/kitchen/orders/1', '/assets/missing.js'])(
    'when %s is answered, then it carries the apps’ policy: same origin only, nothing inline, never framed',
    async (path) => {
      const response = await fetch(`${bff.url}${path}`, { headers: HTML });
      expect(directives(response.headers.get('content-security-policy'))).toEqual(APP_POLICY);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('when an app is answered, then the permissions policy turns off only features no app uses', async () => {
    const policy = (await fetch(`${bff.url}/`, { headers: HTML })).headers.get('permissions-policy')!;
    expect(policy).toContain('camera=()');
    expect(policy).toContain('geolocation=()');
    // What the PWA, the kitchen display and the board rely on stays allowed.
    for (const feature of ['notifications', 'push', 'vibrate', 'autoplay', 'screen-wake-lock', 'fullscreen']) {
      expect(policy).not.toContain(feature);
    }
  });

  it('when the API answers, then it keeps its own policy: the receipt’s inline style may show, framed by the apps', async () => {
    const response = await fetch(`${bff.url}/api/nothing-here`);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp['style-src']).toContain("'unsafe-inline'");
    expect(csp['frame-ancestors']).toBe("'self'");
    expect(csp['script-src']).toBe("'self'");
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('permissions-policy')).toBeNull();
  });

  it('when the API docs are answered, then they keep their own stricter policy', async () => {
    const csp = directives((await fetch(`${bff.url}/api/docs`)).headers.get('content-security-policy'));
    expect(csp['script-src']).toBe("'self'");
    expect(csp['style-src']).toBe("'self'");
  });
});
