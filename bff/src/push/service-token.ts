import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile } from './secret-file.ts';

/** The header that carries the shared secret on service-to-service calls. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/**
 * All-in-one mode: the secret the BFF presents to the users service's `/internal` routes,
 * made once into `<dir>/service-token` (owner-only). Distributed deployments set
 * SERVICE_TOKEN on both instead.
 */
export function ensureServiceToken(dir: string): string {
  return readOrCreateSecretFile(
    path.join(dir, 'service-token'),
    () => `${randomBytes(32).toString('base64url')}\n`,
    (text) => {
      const token = text.trim();
      if (token.length < 32) throw new Error('the token is shorter than 32 characters');
      return token;
    },
  );
}
