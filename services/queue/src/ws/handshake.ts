import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ClientAuthMessageSchema, type ClientAuthMessage } from '@canteen/contracts';

/** Close codes the hub uses; 4001 is "unauthorized" in the application range. */
export const CLOSE_UNAUTHORIZED = 4001;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_INTERNAL_ERROR = 1011;
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** The upgrade's path, without its query string. */
export function requestPath(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

/**
 * Browsers always send Origin on a WebSocket upgrade, so a missing one is a non-browser client
 * (kitchen display, tests, curl) and cannot be a cross-site page riding on a user's session.
 * A present one must be listed, or be the very host the request was made to.
 */
export function isOriginAllowed(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes('*')) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  if (allowedOrigins.some((allowed) => normalizeOrigin(allowed) === normalized)) return true;
  const host = req.headers.host;
  return host !== undefined && new URL(normalized).host === host.toLowerCase();
}

function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Answers an upgrade that will not be accepted and drops the socket. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => {});
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }
  socket.destroy();
}

export type AuthParse = { ok: true; message: ClientAuthMessage } | { ok: false; reason: string };

/** The first client message: text JSON matching the contract's auth message. */
export function parseAuthMessage(data: Buffer, isBinary: boolean): AuthParse {
  if (isBinary) return { ok: false, reason: 'expected a text auth message' };
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  const parsed = ClientAuthMessageSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'expected an auth message' };
  return { ok: true, message: parsed.data };
}

/** True for a `{"type":"ping"}` sent after authentication. */
export function isClientPing(data: Buffer, isBinary: boolean): boolean {
  // A ping is a dozen bytes; anything much larger is not worth parsing.
  if (isBinary || data.length > 64) return false;
  try {
    const json: unknown = JSON.parse(data.toString('utf8'));
    return typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'ping';
  } catch {
    return false;
  }
}

/**
 * The token's `exp` (epoch ms), read from its payload after the verifier accepted it — the
 * verifier does not return it, and the connection must end when the token does.
 */
export function tokenExpiresAt(token: string): number | undefined {
  const exp = tokenClaim(token, 'exp');
  return exp === undefined ? undefined : exp * 1000;
}

/** The token's `iat` (epoch seconds), read without verifying: call only on a verified token. */
export const tokenIssuedAt = (token: string): number | undefined => tokenClaim(token, 'iat');

function tokenClaim(token: string, name: 'exp' | 'iat'): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const value = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)[name] : undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
