import { Router } from 'express';
import { CreateStockReservationSchema } from '@canteen/contracts';
import { parseInput, requireServiceToken } from '@canteen/service-kit';
import { z } from 'zod';
import type { MenuDeps } from '../app/deps.ts';
import * as stock from '../app/stock.ts';

const ReservationIdSchema = z.uuid();

/**
 * Service-to-service routes at `/internal`, never under `/api` (the BFF does not forward
 * `/internal`), behind the shared service token: the orders service holds stock for an order
 * it is placing, and gives the hold back when the order does not commit.
 */
export function internalRoutes(deps: MenuDeps, serviceToken: string): Router {
  const router = Router({ strict: false });
  router.use(requireServiceToken(serviceToken));

  router.post('/stock/reservations', async (req, res) => {
    const outcome = await stock.reserveStock(deps, parseInput(CreateStockReservationSchema, req.body));
    res.status(outcome.status).json(outcome.body);
  });

  router.delete('/stock/reservations/:reservationId', async (req, res) => {
    res.json(await stock.releaseStock(deps, parseInput(ReservationIdSchema, req.params.reservationId, 'reservationId')));
  });

  return router;
}
