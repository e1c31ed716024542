import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { bearerToken, isStaff, type TokenVerifier } from '@canteen/service-kit';

/**
 * Who may read the BFF's /metrics and the dependency details of /health and /ready: staff
 * and admins with their token, and monitoring with METRICS_TOKEN. The details name every
 * service and store and the metrics describe the traffic, so strangers get neither.
 */
export function operationsAccess(verifier: TokenVerifier | undefined, metricsToken: string | undefined) {
  const expected = metricsToken ? Buffer.from(metricsToken) : undefined;
  return async (req: Request): Promise<'allowed' | 'anonymous' | 'forbidden'> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return 'anonymous';
    const given = Buffer.from(token);
    if (expected && given.length === expected.length && timingSafeEqual(given, expected)) return 'allowed';
    if (!verifier) return 'anonymous';
    try {
      return isStaff({ ...(await verifier.verify(token)), token }) ? 'allowed' : 'forbidden';
    } catch {
      return 'anonymous';
    }
  };
}
