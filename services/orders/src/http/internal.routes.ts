import { Router } from 'express';
import { ActiveOrdersQuerySchema, IdParamSchema, PromisedReadyAtSchema } from '@canteen/contracts';
import { parseInput, requireServiceToken } from '@canteen/service-kit';
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
  router.get('/orders/active', async (req, res) => {
    const { after_id: afterId, limit } = parseInput(ActiveOrdersQuerySchema, req.query, '(query)');
    res.set('cache-control', 'no-store').json(await kitchenSnapshot(deps, { afterId, limit }));
  });
  // The queue tells the ready time it first promised the student, for the ETA error figure;
  // the first promise is kept, later ones (the queue replanning) change nothing.
  router.put('/orders/:id/promised-ready-at', async (req, res) => {
    const id = parseInput(IdParamSchema, req.params.id, 'id');
    const { promised_ready_at: at } = parseInput(PromisedReadyAtSchema, req.body);
    const recorded = await deps.store.recordPromisedReadyAt(id, new Date(at));
    res.json({ recorded });
  });
  return router;
}
