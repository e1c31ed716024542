import { createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Refresh tokens are 256 random bits; only their SHA-256 is stored, so a database leak does
 * not hand out sessions. (A slow hash is not needed for secrets with this much entropy.)
 */
export function newRefreshSecret(): { token: string; tokenHash: string } {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newTokenId = (): string => randomUUID();
