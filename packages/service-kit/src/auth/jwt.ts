import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { ROLES, type Principal, type Role } from './principal.ts';
import type { RevocationList } from './revocations.ts';

/**
 * Access tokens are EdDSA (Ed25519) JWTs: the users service signs with the private key, every
 * other service verifies with the public key alone. The algorithm is pinned on verification,
 * so `alg: none` and HS256-with-the-public-key tokens are refused.
 */
export const JWT_ALGORITHM = 'EdDSA';
export const DEFAULT_ISSUER = 'canteen-users';
export const DEFAULT_AUDIENCE = 'canteen';

export interface TokenSettings {
  issuer?: string;
  audience?: string;
}

export interface AccessClaims {
  userId: string;
  email: string;
  role: Role;
}

export interface TokenSigner {
  /**
   * `notBefore` (epoch seconds): the user's revocation moment; the token's `iat` is never
   * earlier, so a token signed in the very second its user's older tokens were revoked counts.
   */
  sign(claims: AccessClaims, options?: { notBefore?: number }): Promise<{ token: string; expiresIn: number }>;
}

export interface TokenVerifier {
  verify(token: string): Promise<Omit<Principal, 'token'>>;
}

const REASON_MESSAGES = {
  expired: 'The token has expired',
  invalid: 'The token is not valid',
  revoked: 'The token has been revoked; sign in again',
} as const;

export class InvalidTokenError extends Error {
  constructor(readonly reason: keyof typeof REASON_MESSAGES) {
    super(REASON_MESSAGES[reason]);
  }
}

export async function createTokenSigner(
  privateKeyPem: string,
  settings: TokenSettings & { ttlSeconds: number },
): Promise<TokenSigner> {
  const key = await importPKCS8(privateKeyPem, JWT_ALGORITHM);
  const issuer = settings.issuer ?? DEFAULT_ISSUER;
  const audience = settings.audience ?? DEFAULT_AUDIENCE;
  return {
    async sign(claims, options = {}) {
      // `userId` duplicates `sub` because the original API's clients read it from the payload.
      const userId = /^\d+$/.test(claims.userId) ? Number(claims.userId) : claims.userId;
      const token = await new SignJWT({ userId, email: claims.email, role: claims.role })
        .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(Math.max(Math.floor(Date.now() / 1000), options.notBefore ?? 0))
        .setJti(randomUUID())
        .setExpirationTime(`${settings.ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: settings.ttlSeconds };
    },
  };
}

export interface VerifierOptions extends TokenSettings {
  /** Verified tokens remembered (until they expire); 0 turns the memory off. */
  cacheSize?: number;
  now?: () => number;
  /**
   * Users whose older tokens no longer count (fed by `user.sessions_revoked`). Checked on every
   * call, cache hits included, so a remembered token stops working as soon as its user's entry
   * moves past its `iat`.
   */
  revocations?: RevocationList;
}

/**
 * Verifies access tokens. A token that verified once is remembered until it expires: a
 * student's phone sends the same token with every request of the lunch rush, and checking an
 * Ed25519 signature again gives the same answer each time. Only tokens that verified are
 * kept, so garbage cannot fill the memory; its size is bounded (oldest out first).
 */
export async function createTokenVerifier(publicKeyPem: string, settings: VerifierOptions = {}): Promise<TokenVerifier> {
  const key = await importSPKI(publicKeyPem, JWT_ALGORITHM);
  const issuer = settings.issuer ?? DEFAULT_ISSUER;
  const audience = settings.audience ?? DEFAULT_AUDIENCE;
  const cacheSize = settings.cacheSize ?? 10_000;
  const now = settings.now ?? Date.now;
  const revocations = settings.revocations;
  const verified = new Map<string, { claims: Omit<Principal, 'token'>; expiresAt: number; issuedAt: number }>();

  async function verifySignature(token: string) {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [JWT_ALGORITHM],
        issuer,
        audience,
        requiredClaims: ['exp', 'sub', 'iat'],
        currentDate: new Date(now()),
      });
      const role = payload.role;
      if (typeof payload.sub !== 'string' || typeof payload.email !== 'string' || !ROLES.includes(role as Role)) {
        throw new InvalidTokenError('invalid');
      }
      return {
        claims: { userId: payload.sub, email: payload.email, role: role as Role },
        expiresAt: payload.exp! * 1000,
        issuedAt: payload.iat!,
      };
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
      throw new InvalidTokenError('invalid');
    }
  }

  return {
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (now() >= known.expiresAt) {
          verified.delete(token);
          throw new InvalidTokenError('expired');
        }
        if (revocations?.isRevoked(known.claims.userId, known.issuedAt)) {
          verified.delete(token);
          throw new InvalidTokenError('revoked');
        }
        return known.claims;
      }
      const result = await verifySignature(token);
      if (revocations?.isRevoked(result.claims.userId, result.issuedAt)) throw new InvalidTokenError('revoked');
      if (cacheSize > 0) {
        if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
        verified.set(token, result);
      }
      return result.claims;
    },
  };
}
