import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, importPKCS8, importSPKI, jwtVerify } from 'jose';
import { ROLES, type Principal, type Role } from './principal.ts';

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
  sign(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
}

export interface TokenVerifier {
  verify(token: string): Promise<Omit<Principal, 'token'>>;
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'The token has expired' : 'The token is not valid');
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
    async sign(claims) {
      // `userId` duplicates `sub` because the original API's clients read it from the payload.
      const userId = /^\d+$/.test(claims.userId) ? Number(claims.userId) : claims.userId;
      const token = await new SignJWT({ userId, email: claims.email, role: claims.role })
        .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${settings.ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: settings.ttlSeconds };
    },
  };
}

export async function createTokenVerifier(publicKeyPem: string, settings: TokenSettings = {}): Promise<TokenVerifier> {
  const key = await importSPKI(publicKeyPem, JWT_ALGORITHM);
  const issuer = settings.issuer ?? DEFAULT_ISSUER;
  const audience = settings.audience ?? DEFAULT_AUDIENCE;
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [JWT_ALGORITHM],
          issuer,
          audience,
          requiredClaims: ['exp', 'sub', 'iat'],
        });
        const role = payload.role;
        if (typeof payload.sub !== 'string' || typeof payload.email !== 'string' || !ROLES.includes(role as Role)) {
          throw new InvalidTokenError('invalid');
        }
        return { userId: payload.sub, email: payload.email, role: role as Role };
      } catch (err) {
        if (err instanceof InvalidTokenError) throw err;
        if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
        throw new InvalidTokenError('invalid');
      }
    },
  };
}
