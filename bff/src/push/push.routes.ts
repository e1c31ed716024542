import { Router } from 'express';
import { AppError } from '@canteen/service-kit';

/**
 * `/api/push/vapid-public-key`: the key a browser passes to `pushManager.subscribe` as its
 * `applicationServerKey`. The subscription routes themselves are the users service's,
 * forwarded by the BFF.
 */
export function pushRoutes(vapidPublicKey: string | undefined): Router {
  const router = Router();
  router.get('/vapid-public-key', (_req, res) => {
    if (!vapidPublicKey) throw new AppError(503, 'PUSH_DISABLED', 'Web Push is not configured on this server');
    // Short: after a key rotation clients should not keep subscribing with the old one for long.
    res.set('cache-control', 'public, max-age=300').json({ publicKey: vapidPublicKey });
  });
  return router;
}
