import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { unauthorized } from './errors.ts';

/** The header that carries the shared secret on service-to-service calls (`/internal` routes). */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** SERVICE_TOKEN: the secret services share for their `/internal` routes (all-in-one makes one in ./data/keys). */
export const serviceTokenField = () => z.string().trim().min(32, 'must be at least 32 characters').optional();

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares the header with the shared secret in constant time. Both sides are hashed first so
 * the comparison has one length whatever the caller sends: timingSafeEqual itself throws on
 * unequal lengths, and an early length check would leak the secret's length.
 */
export function requireServiceToken(serviceToken: string): RequestHandler {
  if (serviceToken.length < 32) throw new Error('the service token must be at least 32 characters');
  const expected = digest(serviceToken);
  return (req, _res, next) => {
    const presented = req.headers[SERVICE_TOKEN_HEADER];
    if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expected)) {
      throw unauthorized('A valid service token is required');
    }
    next();
  };
}
