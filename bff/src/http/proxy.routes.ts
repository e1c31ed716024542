import type { RequestHandler } from 'express';
import { AppError } from '@canteen/service-kit';
import { FORWARDED_RESPONSE_HEADERS, type Upstream } from '../clients/upstream.ts';

/**
 * Passes a route group through to its service unchanged (paths, status codes, bodies), so a
 * client written against the original API works as it is. The service checks the token and
 * the role itself; the BFF only adds the timeout, the request id and the client's address.
 */
export function forwardTo(upstream: Upstream): RequestHandler {
  return async (req, res) => {
    const response = await upstream.send({
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: req.body,
      requestId: String(req.id),
      clientIp: req.ip,
    });
    if (response.status >= 500) {
      // A service's 5xx is reported as ours, without whatever the service put in its body.
      throw new AppError(502, 'UPSTREAM_ERROR', `The ${upstream.name} service failed to answer`);
    }
    res.status(response.status);
    for (const header of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(header);
      if (value) res.setHeader(header, value);
    }
    res.end(Buffer.from(response.body));
  };
}
