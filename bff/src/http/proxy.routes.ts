import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@canteen/service-kit';
import { FORWARDED_RESPONSE_HEADERS, type Upstream, type UpstreamResponse } from '../clients/upstream.ts';

/** Writes a service's answer to the client; a service's 5xx becomes ours, without its body. */
export function sendUpstream(res: Response, upstream: Upstream, response: UpstreamResponse): void {
  if (response.status >= 500) {
    throw new AppError(502, 'UPSTREAM_ERROR', `The ${upstream.name} service failed to answer`);
  }
  res.status(response.status);
  for (const header of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(header);
    if (value) res.setHeader(header, value);
  }
  res.end(response.body);
}

/**
 * Passes a route group through to its service unchanged (paths, status codes, bodies), so a
 * client written against the original API works as it is. The service checks the token and
 * the role itself; the BFF only adds the timeout, the request id and the client's address.
 * `beforeSend` sees the service's answer before the client does.
 */
export function forwardTo(upstream: Upstream, options: { beforeSend?: (req: Request, response: UpstreamResponse) => void } = {}): RequestHandler {
  return async (req, res) => {
    const response = await upstream.send({
      method: req.method,
      path: req.originalUrl,
      headers: req.headers,
      body: req.body,
      // express.json() left anything that is not JSON (a multipart upload) unread: stream it.
      ...(req.is('multipart/form-data') ? { rawBody: req } : {}),
      requestId: String(req.id),
      clientIp: req.ip,
    });
    options.beforeSend?.(req, response);
    sendUpstream(res, upstream, response);
  };
}
