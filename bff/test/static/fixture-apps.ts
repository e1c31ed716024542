import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { closedPortUrl, startBff } from '../helpers.ts';

/** The names a Vite build gives its output: `assets/[name]-[hash].[ext]`. */
export const ASSET_JS = 'assets/index-B4xQ9kLm.js';
export const ASSET_CSS = 'assets/index-Cz81_pQa.css';
/** A script big enough (over the 1 kB below which compressing does not pay) to be gzipped. */
export const ASSET_BIG_JS = 'assets/vendor-Dq3vT9sA.js';
/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Writes `files` (path → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** What a built app folder holds, with `name` in each text so a test can tell the apps apart. */
export function builtAppFiles(name: string, base: string): Record<string, string | Buffer> {
  return {
    'index.html': `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${name}</title>
<link rel="manifest" href="${base}manifest.webmanifest">
<link rel="stylesheet" href="${base}${ASSET_CSS}">
<script type="module" src="${base}${ASSET_JS}"></script>
</head>
<body><div id="root" data-app="${name}"></div></body>
</html>
`,
    [ASSET_JS]: `document.getElementById('root').textContent = ${JSON.stringify(name)};\n`,
    [ASSET_BIG_JS]: `export const dishes = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `${name} dish ${i}`))};\n`,
    [ASSET_CSS]: `#root { color: #333; } /* ${name} */\n`,
    'sw.js': `// ${name} service worker\nself.addEventListener('fetch', () => {});\n`,
    'manifest.webmanifest': JSON.stringify({ name, start_url: base, display: 'standalone' }),
    'icons/icon-192.png': PNG,
    '.env': `SECRET=${name}-dotfile-secret\n`,
  };
}

export interface FixtureApps {
  root: string;
  /** The env that points the BFF at the fixture folders (a missing app points at a missing folder). */
  env: Record<string, string>;
  dir(app: 'pwa' | 'admin' | 'kitchen' | 'board'): string;
  remove(): void;
}

const VARIABLES = { pwa: 'PWA_DIST_DIR', admin: 'ADMIN_DIST_DIR', kitchen: 'KITCHEN_DIST_DIR', board: 'BOARD_DIST_DIR' } as const;

/**
 * Fixture dist folders in a temp dir for the apps in `built`; the others are left missing.
 * `secret.txt` sits next to the folders, where only a path traversal could reach it.
 */
export function fixtureApps(built: readonly (keyof typeof VARIABLES)[]): FixtureApps {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bff-web-apps-'));
  const dir = (app: keyof typeof VARIABLES) => path.join(root, app);
  for (const app of built) writeFiles(dir(app), builtAppFiles(app, app === 'pwa' ? '/' : `/${app}/`));
  writeFileSync(path.join(root, 'secret.txt'), 'outside-the-dist-folders\n');
  const env = Object.fromEntries(Object.entries(VARIABLES).map(([app, variable]) => [variable, dir(app as keyof typeof VARIABLES)]));
  return { root, env, dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ServedApps {
  url: string;
  apps: FixtureApps;
  stop(): Promise<void>;
}

/**
 * The real BFF on port 0 serving fixture folders for the apps in `built`, plus `files` written
 * into the folders named; every service URL points at a closed port unless `env` says otherwise.
 */
export async function serveFixtureApps(
  built: readonly (keyof typeof VARIABLES)[],
  options: { env?: Record<string, string>; files?: Partial<Record<keyof typeof VARIABLES, Record<string, string | Buffer>>> } = {},
): Promise<ServedApps> {
  const apps = fixtureApps(built);
  for (const [app, files] of Object.entries(options.files ?? {})) writeFiles(apps.dir(app as keyof typeof VARIABLES), files);
  const nowhere = await closedPortUrl();
  const services = ['USERS', 'MENU', 'ORDERS', 'PAYMENTS', 'QUEUE'].map((name) => [`${name}_SERVICE_URL`, nowhere]);
  const bff = await startBff({ ...Object.fromEntries(services), ...apps.env, ...options.env }).catch((err: unknown) => {
    apps.remove();
    throw err;
  });
  return {
    url: bff.url,
    apps,
    stop: async () => {
      await bff.stop();
      apps.remove();
    },
  };
}

/** A GET (or `method`) with the path sent as it is: fetch() would resolve `..` itself. */
export function rawRequest(baseUrl: string, rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(baseUrl);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
