/**
 * Paths the BFF itself answers; no app file or app page ever stands in for them. Compared
 * without case, as Express routes them.
 */
const RESERVED = ['/api', '/ws', '/health', '/ready', '/metrics'];

/** `path` is `prefix` itself or below it (`/admin`, `/admin/`, `/admin/x`, never `/administrator`). */
export function isUnder(path: string, prefix: string): boolean {
  if (prefix === '/') return true;
  const lower = path.toLowerCase();
  return lower === prefix || lower.startsWith(`${prefix}/`);
}

export const isReservedPath = (path: string): boolean => RESERVED.some((prefix) => isUnder(path, prefix));

export const isApiPath = (path: string): boolean => isUnder(path, '/api');
