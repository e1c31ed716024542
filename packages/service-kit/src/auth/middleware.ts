import type { Request, RequestHandler } from 'express';
import { forbidden, unauthorized } from '../http/errors.ts';
import { InvalidTokenError, type TokenVerifier } from './jwt.ts';
import type { Principal, Role } from './principal.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

/** The token of an `Authorization: Bearer <token>` header: the one parser every service and the BFF use. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
}

async function verifyInto(verifier: TokenVerifier, token: string, req: Request): Promise<void> {
  try {
    req.principal = { ...(await verifier.verify(token)), token };
  } catch (err) {
    throw err instanceof InvalidTokenError ? unauthorized(err.message) : err;
  }
}

/** Requires a valid access token; the principal comes from the token only. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return next(unauthorized('A bearer token is required'));
    verifyInto(verifier, token, req).then(() => next(), next);
  };
}

/**
 * Reads the token when there is one (public reads that show more to a signed-in caller); a
 * token that is sent but not valid is still 401.
 */
export function optionalAuthenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    if (!req.headers.authorization) return next();
    const token = bearerToken(req.headers.authorization);
    if (!token) return next(unauthorized('A bearer token is required'));
    verifyInto(verifier, token, req).then(() => next(), next);
  };
}

/** Mount after `authenticate`: lets through only the listed roles. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.principal) return next(unauthorized());
    if (!roles.includes(req.principal.role)) return next(forbidden(`This needs the role ${roles.join(' or ')}`));
    next();
  };
}

/** The authenticated caller; use in handlers mounted behind `authenticate`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}
