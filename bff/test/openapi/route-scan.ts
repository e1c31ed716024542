import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public routes as the code defines them, read from the source at test time, so a route
 * added to a router and forgotten in the OpenAPI table fails the coverage test:
 * - every `router.<method>('/path' | ['/a', '/b'], …)` and `router.use('/dir', express.static(…))`
 *   of each `*.routes.ts`, under the prefix its package mounts it at (`app.use('/api/x', xRoutes(…))`
 *   anywhere in that package's `src/`; `app.use(xRoutes(…))` means the router holds full paths);
 * - the `app.<method>('/path')` routes of the shared HTTP app (service-kit) and of the BFF;
 * - the BFF's WebSocket path (`proxyWebSocket(…, '/ws', …)`).
 * A service route is public when it is mounted under a prefix the BFF forwards (`app.use('/api/x',
 * forwardTo(…))`, or a router that forwards). A BFF router whose mount the scan cannot see
 * (mounted through a module's object) keeps `prefixKnown: false`: its paths are suffixes.
 */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface CodeRoute {
  method: string;
  path: string;
  /** Where it was found, for the failure message. */
  source: string;
  /** false: mounted where the scan cannot see, so `path` is the end of the public path. */
  prefixKnown: boolean;
}

const METHODS = 'get|post|put|patch|delete';
const read = (file: string) => readFileSync(file, 'utf8');
const rel = (file: string) => path.relative(REPO, file);
const join = (prefix: string, route: string) => `${prefix}/${route}`.replace(/\/{2,}/g, '/');

function routesFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.routes.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const MOUNT = /\bapp\.use\(\s*(?:(['"`])([^'"`]*)\1\s*,\s*)?(\w+)\(/g;

/** `app.use('/api/x', xRoutes(…))` anywhere under `src` → xRoutes → '/api/x'; `app.use(xRoutes(…))` → ''. */
export function mountsOf(srcDir: string): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const file of sourceFiles(srcDir)) for (const m of read(file).matchAll(MOUNT)) mounts.set(m[3]!, m[2] ?? '');
  return mounts;
}

/** The prefixes the BFF passes through to a service: mounted with forwardTo, or a router that uses it. */
export function forwardedPrefixes(): string[] {
  const src = path.join(REPO, 'bff/src');
  const forwarding = new Set(['forwardTo']);
  for (const file of routesFiles(src)) {
    const text = read(file);
    if (!text.includes('forwardTo(')) continue;
    for (const m of text.matchAll(/export function (\w+)/g)) if (m[1] !== 'forwardTo') forwarding.add(m[1]!);
  }
  const prefixes: string[] = [];
  for (const file of sourceFiles(src)) {
    for (const m of read(file).matchAll(MOUNT)) if (m[2] && forwarding.has(m[3]!)) prefixes.push(m[2]);
  }
  return prefixes;
}

function stringsIn(list: string): string[] {
  return [...list.matchAll(/(['"`])([^'"`]+)\1/g)].map((m) => m[2]!);
}

/** The routes of one `*.routes.ts`, each exported router function under its own mount prefix. */
export function routesOfFile(file: string, mounts: Map<string, string>): CodeRoute[] {
  const text = read(file);
  const starts = [...text.matchAll(/export function (\w+)/g)];
  const out: CodeRoute[] = [];
  starts.forEach((start, i) => {
    const body = text.slice(start.index, starts[i + 1]?.index ?? text.length);
    const mounted = mounts.get(start[1]!);
    const prefix = mounted ?? '';
    const prefixKnown = mounted !== undefined;
    const source = `${rel(file)} (${start[1]})`;
    const calls = new RegExp(`\\brouter\\.(${METHODS})\\(\\s*(?:(['"\`])([^'"\`]+)\\2|\\[([^\\]]+)\\])`, 'g');
    for (const m of body.matchAll(calls)) {
      for (const route of m[3] ? [m[3]] : stringsIn(m[4]!)) out.push({ method: m[1]!.toUpperCase(), path: join(prefix, route), source, prefixKnown });
    }
    for (const m of body.matchAll(/\brouter\.use\(\s*(['"`])([^'"`]+)\1\s*,\s*express\.static\(/g)) {
      out.push({ method: 'GET', path: join(prefix, `${m[2]}/:file`), source, prefixKnown });
    }
  });
  return out;
}

function appRoutes(file: string): CodeRoute[] {
  if (!existsSync(file)) return [];
  const calls = new RegExp(`\\bapp\\.(${METHODS})\\(\\s*(['"\`])([^'"\`]+)\\2`, 'g');
  return [...read(file).matchAll(calls)].map((m) => ({ method: m[1]!.toUpperCase(), path: m[3]!, source: rel(file), prefixKnown: true }));
}

/** Every public (method, path) the code serves through the BFF. */
export function publicRoutesInCode(): CodeRoute[] {
  const bffService = path.join(REPO, 'bff/src/service.ts');
  const prefixes = forwardedPrefixes();
  const forwarded = (p: string) => prefixes.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));

  const routes: CodeRoute[] = [];
  const kitHttp = path.join(REPO, 'packages/service-kit/src/http');
  for (const file of readdirSync(kitHttp).filter((f) => f.endsWith('.ts'))) routes.push(...appRoutes(path.join(kitHttp, file)));
  routes.push(...appRoutes(bffService));
  const bffMounts = mountsOf(path.join(REPO, 'bff/src'));
  for (const file of routesFiles(path.join(REPO, 'bff/src'))) routes.push(...routesOfFile(file, bffMounts));
  for (const m of read(bffService).matchAll(/\bproxyWebSocket\([^,]+,\s*(['"`])([^'"`]+)\1/g)) {
    routes.push({ method: 'GET', path: m[2]!, source: `${rel(bffService)} (WebSocket)`, prefixKnown: true });
  }

  const servicesDir = path.join(REPO, 'services');
  for (const service of readdirSync(servicesDir)) {
    const mounts = mountsOf(path.join(servicesDir, service, 'src'));
    for (const file of routesFiles(path.join(servicesDir, service, 'src'))) {
      // A service router mounted nowhere, or off the forwarded prefixes, is not reachable from outside.
      routes.push(...routesOfFile(file, mounts).filter((r) => r.prefixKnown && forwarded(r.path)));
    }
  }
  return routes;
}

/** `/api/orders/:id/` and `/api/orders/{id}` → `/api/orders/{}`; `*rest` → `*`. */
export function normalise(p: string): string {
  const out = p
    .replace(/:\w+/g, '{}')
    .replace(/\{[^}/]*\}/g, '{}')
    .replace(/\*\w*/g, '*')
    .replace(/\/+$/, '');
  return out || '/';
}
