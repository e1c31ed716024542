import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, bearerToken, tooManyRequests, type TokenVerifier } from '@canteen/service-kit';

/**
 * A per-minute budget in front of an expensive or abusable route. Counters live in this BFF
 * process; with several BFF replicas each keeps its own (the services' own limits stay).
 */
export function rateLimit(perMinute: number, keyOf: (req: Request) => Promise<string> | string, what: string): RequestHandler {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async (req, _res, next) => {
    try {
      await limiter.consume(await keyOf(req));
      next();
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) return next(err);
      next(tooManyRequests(`Too many ${what}; try again in a moment`, Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
    }
  };
}

export const byClient = (req: Request): string => `ip:${req.ip ?? 'unknown'}`;

/**
 * The signed-in user when the token is valid (so a student's budget follows them across
 * networks), else the client address. A forged token cannot spend someone else's budget.
 */
export function byUser(verifier: TokenVerifier | undefined) {
  return async (req: Request): Promise<string> => {
    const token = bearerToken(req.headers.authorization);
    if (verifier && token) {
      try {
        return `user:${(await verifier.verify(token)).userId}`;
      } catch {
        // An invalid token is refused by the service; count it against the address.
      }
    }
    return byClient(req);
  };
}

/**
 * At most `max` requests of a kind in flight at once; beyond that an immediate 503 with
 * Retry-After. In a rush bigger than the kitchen's computers can take, orders already
 * accepted keep being confirmed in a second and the rest hear "try again in a moment" at
 * once — the app retries with the same Idempotency-Key — instead of every student waiting
 * many seconds behind everyone else.
 */
export function inFlightLimit(max: number, what: string): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= max) {
      return next(new AppError(503, 'BUSY', `Too many ${what} at this moment; try again in a moment`, { retryAfterSeconds: 1 }));
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
    };
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
