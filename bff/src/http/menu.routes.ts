import { gzipSync } from 'node:zlib';
import { Router, type Request } from 'express';
import { isCached, type ResponseCache } from '../clients/response-cache.ts';
import type { Upstream } from '../clients/upstream.ts';
import { forwardTo, sendUpstream } from './proxy.routes.ts';

/** Bodies below this size go as they are: gzip's header would eat most of the saving. */
const GZIP_FROM_BYTES = 1024;

/**
 * The whole menu is about 40 kB of JSON and 7 kB gzipped, and every student's first screen
 * waits for it over a phone's link. A cached body is gzipped once (keyed by its buffer, which
 * a revalidated entry keeps), not on every read of the lunch rush.
 */
const gzipped = new WeakMap<Buffer, Buffer>();
function gzipFor(req: Request, body: Buffer): Buffer | null {
  if (body.length < GZIP_FROM_BYTES || req.acceptsEncodings('gzip', 'identity') !== 'gzip') return null;
  let zipped = gzipped.get(body);
  if (!zipped) {
    zipped = gzipSync(body);
    gzipped.set(body, zipped);
  }
  return zipped;
}

/**
 * `/api/menu/*`: reads come from a short-lived cache revalidated with ETags (the lunch rush
 * reads the menu thousands of times a minute; it changes a few times a day), gzipped for
 * browsers that take it; writes go through to the menu service, which checks the role, and
 * clear the cache when it accepted them, before the answer leaves: a client that reads right
 * after its write gets the new menu.
 */
export function menuRoutes(menu: Upstream, cache: ResponseCache): Router {
  const router = Router();
  const forward = forwardTo(menu);
  const write = forwardTo(menu, {
    beforeSend: (_req, response) => {
      if (response.status < 400) cache.clear();
    },
  });

  router.get(['/items', '/items/*rest', '/categories'], async (req, res) => {
    const result = await cache.get(req.originalUrl, {
      method: 'GET',
      path: req.originalUrl,
      headers: {},
      requestId: String(req.id),
      clientIp: req.ip,
    });
    if (!isCached(result)) return sendUpstream(res, menu, result);
    if (result.etag) res.setHeader('ETag', result.etag);
    res.setHeader('Cache-Control', result.cacheControl ?? 'no-cache');
    if (result.etag && req.headers['if-none-match'] === result.etag) {
      res.status(304).end();
      return;
    }
    res.vary('Accept-Encoding');
    const zipped = gzipFor(req, result.body);
    if (zipped) res.setHeader('Content-Encoding', 'gzip');
    res.status(200).type(result.contentType).send(zipped ?? result.body);
  });

  router.use(async (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? forward : write)(req, res, next));
  return router;
}
