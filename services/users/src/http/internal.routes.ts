import { Router } from 'express';
import { z } from 'zod';
import { PushUnsubscribeSchema } from '@canteen/contracts';
import { parseInput, requireServiceToken } from '@canteen/service-kit';
import type { UsersDeps } from '../app/deps.ts';

const UserIdParamsSchema = z.object({
  userId: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'must be a positive integer')
    .transform(Number),
});

const NotBeforeQuerySchema = z.object({ after: z.coerce.number().int().nonnegative().default(0) });

/**
 * Service-to-service routes, mounted at `/internal` and never under `/api` (the BFF does not
 * forward `/internal`): the BFF reads a user's push subscriptions, keys included, to send a
 * notification, and deletes one the push service reported gone (404/410), whoever owns it.
 */
export function internalRoutes(deps: UsersDeps, serviceToken: string): Router {
  const router = Router();
  router.use(requireServiceToken(serviceToken));

  router.get('/users/:userId/push-subscriptions', async (req, res) => {
    const { userId } = parseInput(UserIdParamsSchema, req.params);
    const subscriptions = await deps.store.listPushSubscriptions(userId);
    // The keys are secrets of the subscriber: nothing on the way may keep a copy.
    res.set('cache-control', 'no-store').json({
      subscriptions: subscriptions.map((s) => ({
        endpoint: s.endpoint,
        expirationTime: s.expirationTime,
        keys: { p256dh: s.p256dh, auth: s.auth },
      })),
    });
  });

  // A service starting up (or back from a broker outage) loads who is revoked since `after`
  // (epoch seconds; a day back covers every access token still alive), then follows the bus.
  router.get('/sessions/not-before', async (req, res) => {
    const { after } = parseInput(NotBeforeQuerySchema, req.query);
    const users = await deps.store.listTokensNotBefore(after);
    res.json({ users: users.map((u) => ({ user_id: String(u.userId), not_before: u.notBefore })) });
  });

  router.delete('/push-subscriptions', async (req, res) => {
    const { endpoint } = parseInput(PushUnsubscribeSchema, req.body);
    const removed = await deps.store.deletePushSubscriptionByEndpoint(endpoint);
    deps.logger.info({ removed, pushService: originOf(endpoint) }, 'push subscription removed by a service');
    // Gone already is fine: two notifications can meet the same 410 at once.
    res.status(204).end();
  });
  return router;
}

/** Only the origin is logged: the endpoint's path is a capability for the subscriber. */
function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '(invalid endpoint)';
  }
}
