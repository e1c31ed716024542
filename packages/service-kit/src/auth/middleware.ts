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

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Requires a valid access token; the principal comes from the token only. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) return next(unauthorized('A bearer token is required'));
    try {
      const claims = await verifier.verify(token);
      req.principal = { ...claims, token };
      next();
    } catch (err) {
      if (err instanceof InvalidTokenError) return next(unauthorized(err.message));
      next(err);
    }
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
