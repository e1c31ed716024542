import { Router } from 'express';
import { PushSubscriptionSchema, PushUnsubscribeSchema } from '@canteen/contracts';
import { authenticate, parseInput, principalOf, type TokenVerifier } from '@canteen/service-kit';
import type { UsersDeps } from '../app/deps.ts';
import { subscribePush } from '../app/push-subscriptions.ts';

/**
 * `/api/push/subscriptions`: the caller's Web Push subscriptions. They live with the user
 * (this service); the BFF reads them when it sends a notification.
 */
export function pushRoutes(deps: UsersDeps, verifier: TokenVerifier): Router {
  const router = Router();
  router.use(authenticate(verifier));

  router.get('/subscriptions', async (req, res) => {
    const subscriptions = await deps.store.listPushSubscriptions(Number(principalOf(req).userId));
    res.json({
      subscriptions: subscriptions.map((s) => ({
        endpoint: s.endpoint,
        expirationTime: s.expirationTime,
        createdAt: s.createdAt.toISOString(),
      })),
    });
  });
  router.post('/subscriptions', async (req, res) => {
    const input = parseInput(PushSubscriptionSchema, req.body);
    await subscribePush(deps, Number(principalOf(req).userId), input);
    res.status(201).json({ endpoint: input.endpoint, subscribed: true });
  });
  router.delete('/subscriptions', async (req, res) => {
    const { endpoint } = parseInput(PushUnsubscribeSchema, req.body);
    await deps.store.deletePushSubscription(Number(principalOf(req).userId), endpoint);
    // Unsubscribing twice is not an error: the outcome the client wants is already true.
    res.status(204).end();
  });
  return router;
}
