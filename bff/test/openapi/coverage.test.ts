import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi/document.ts';
import { operationsOf } from './openapi-checks.ts';
import { normalise, publicRoutesInCode, type CodeRoute } from './route-scan.ts';

interface Documented {
  method: string;
  path: string;
}

/** Whether a documented operation is the one a route of the code serves. */
function serves(route: CodeRoute, doc: Documented): boolean {
  if (route.method !== doc.method) return false;
  const code = normalise(route.path);
  const documented = normalise(doc.path);
  // A wildcard (the BFF's cached menu reads) serves whatever is documented below it.
  if (code.includes('*')) return documented.startsWith(code.slice(0, code.indexOf('*')));
  if (route.prefixKnown) return code === documented;
  // Mounted where the scan cannot see: the route's path is the end of the public one.
  return documented === code || documented.endsWith(code === '/' ? '/' : code);
}

describe('the OpenAPI document covers every public route', () => {
  const documented: Documented[] = operationsOf(buildOpenApiDocument() as unknown as Record<string, unknown>).map(({ method, path }) => ({
    method: method.toUpperCase(),
    path,
  }));
  const inCode = publicRoutesInCode();

  it('when the routers are read, then the scan finds the routes of every service, the BFF and service-kit', () => {
    const found = new Set(inCode.map((r) => `${r.method} ${normalise(r.path)}`));
    for (const expected of [
      'GET /health',
      'POST /api/auth/register',
      'PATCH /api/users/{}',
      'DELETE /api/push/subscriptions',
      'GET /api/menu/images/{}',
      'GET /api/menu/items/*',
      'POST /api/orders',
      'GET /api/payments/{}/receipt',
      'DELETE /api/queue/order/{}',
      'GET /ws',
      'GET /api/openapi.json',
      'GET /api/docs',
    ]) {
      expect(found, expected).toContain(expected);
    }
    expect(inCode.length).toBeGreaterThan(45);
  });

  it('then every route served through the BFF is in the document', () => {
    const missing = inCode.filter((route) => !documented.some((doc) => serves(route, doc)));
    expect(missing.map((r) => `${r.method} ${r.path}  ← ${r.source}`)).toEqual([]);
  });

  it('then every documented operation is served by some router (no phantom routes)', () => {
    const exact = inCode.filter((route) => !route.path.includes('*'));
    const phantom = documented.filter((doc) => !exact.some((route) => serves(route, doc)));
    expect(phantom.map((d) => `${d.method} ${d.path}`)).toEqual([]);
  });
});
