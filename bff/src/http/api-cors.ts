import cors from 'cors';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/**
 * The desktop kitchen app's origin: staff-desktop loads its bundled renderer from `app://kitchen`
 * (so it starts without the network) and calls this BFF cross-origin at the address in its settings.
 */
export const DESKTOP_APP_ORIGIN = 'app://kitchen';

/**
 * The BFF's CORS allow-list: by default the desktop app only (the web apps are same-origin and
 * need none). A value replaces the default, so a list that should keep the desktop app names it;
 * an empty value (as compose files leave them) means the default.
 */
export const corsOriginsField = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z
    .string()
    .default(DESKTOP_APP_ORIGIN)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
);

/**
 * CORS for `/api` only: the apps' pages, `/health`, `/metrics` and the docs stay same-origin.
 * No credentials (the API uses bearer tokens, never cookies).
 */
export function apiCors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: false,
    exposedHeaders: ['x-request-id', 'etag', 'retry-after'],
    maxAge: 600,
  });
}
