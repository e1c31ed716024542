import { Router } from 'express';
import { IdParamSchema, ListUsersQuerySchema, UpdateUserRequestSchema } from '@canteen/contracts';
import { authenticate, parseInput, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import type { UsersDeps } from '../app/deps.ts';
import { listUsers, updateUser } from '../app/manage-users.ts';

/** `/api/users`: user administration, ADMIN only, checked here whatever the BFF did. */
export function usersRoutes(deps: UsersDeps, verifier: TokenVerifier): Router {
  const router = Router();
  router.use(authenticate(verifier), requireRole('ADMIN'));

  router.get('/', async (req, res) => {
    res.json(await listUsers(deps, parseInput(ListUsersQuerySchema, req.query)));
  });
  router.patch('/:id', async (req, res) => {
    const id = parseInput(IdParamSchema, req.params.id, 'id');
    const input = parseInput(UpdateUserRequestSchema, req.body);
    res.json(await updateUser(deps, Number(principalOf(req).userId), id, input));
  });
  return router;
}
