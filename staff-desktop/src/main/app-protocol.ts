import path from 'node:path';
import { APP_HOST, APP_SCHEME, contentSecurityPolicy } from './window-policy.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
};

export const contentTypeOf = (file: string) => CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file under `rendererDir` an `app://kitchen/…` URL names. The renderer is built for the
 * BFF's `/kitchen/` prefix, so that prefix is dropped; a route without a file extension
 * (`/kitchen/settings`) gets `index.html`, as the BFF does. Null for anything outside the folder.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname.replace(/^\/kitchen(?=\/|$)/, '').replace(/^\/+/, '');
  if (relative.split('/').some((segment) => segment === '..' || segment.startsWith('.'))) return null;
  const target = path.extname(relative) === '' ? 'index.html' : relative;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, target);
  return file.startsWith(root + path.sep) ? file : null;
}

export interface AppProtocolOptions {
  rendererDir: string;
  readFile(file: string): Promise<Uint8Array>;
  /** Read on every page load, so a changed BFF address is in the next page's policy. */
  bffOrigin(): Promise<string>;
}

/** The handler for `protocol.handle('app', …)`: the bundled renderer's files, read-only. */
export function createAppProtocolHandler(options: AppProtocolOptions) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(options.rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    let body: Uint8Array;
    try {
      body = await options.readFile(file);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers: Record<string, string> = {
      'content-type': contentTypeOf(file),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    if (file.endsWith('.html')) headers['content-security-policy'] = contentSecurityPolicy(await options.bffOrigin());
    return new Response(request.method === 'HEAD' ? null : Buffer.from(body.buffer, body.byteOffset, body.byteLength), { status: 200, headers });
  };
}
