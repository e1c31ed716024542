import { Router } from 'express';
import { requireServiceToken } from '@canteen/service-kit';
import type { OrdersDeps } from '../app/deps.ts';
import { kitchenSnapshot } from '../app/queries.ts';

/**
 * Service-to-service routes, mounted at `/internal` and never under `/api` (the BFF does not
 * forward `/internal`): the queue service reads every order in the kitchen's hands, with its
 * queue number, to rebuild its queue after a restart or a data loss and to catch up on events
 * it missed.
 */
export function internalRoutes(deps: OrdersDeps, serviceToken: string): Router {
  const router = Router();
  router.use(requireServiceToken(serviceToken));
  router.get('/orders/active', async (_req, res) => {
    res.set('cache-control', 'no-store').json(await kitchenSnapshot(deps));
  });
  return router;
}
