import { Router } from 'express';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  LogoutRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  UpdateProfileRequestSchema,
} from '@canteen/contracts';
import { authenticate, parseInput, principalOf, type TokenVerifier } from '@canteen/service-kit';
import * as auth from '../app/auth.ts';
import type { UsersDeps } from '../app/deps.ts';

/** `/api/auth/*`: the original paths and shapes, plus refresh and logout. */
export function authRoutes(deps: UsersDeps, verifier: TokenVerifier): Router {
  const router = Router();
  const requireUser = authenticate(verifier);

  router.post('/register', async (req, res) => {
    // 201 Created, as the original API document says (its code answered 200; its clients accept any 2xx).
    res.status(201).json(await auth.register(deps, parseInput(RegisterRequestSchema, req.body)));
  });
  router.post('/login', async (req, res) => {
    res.json(await auth.login(deps, parseInput(LoginRequestSchema, req.body), req.ip ?? 'unknown'));
  });
  router.post('/refresh', async (req, res) => {
    res.json(await auth.refresh(deps, parseInput(RefreshRequestSchema, req.body).refreshToken));
  });
  router.post('/logout', requireUser, async (req, res) => {
    const { refreshToken } = parseInput(LogoutRequestSchema, req.body ?? {});
    await auth.logout(deps, Number(principalOf(req).userId), refreshToken);
    res.status(204).end();
  });
  router.post('/password', requireUser, async (req, res) => {
    const input = parseInput(ChangePasswordRequestSchema, req.body);
    res.json(await auth.changePassword(deps, Number(principalOf(req).userId), input, req.ip ?? 'unknown'));
  });
  router.get('/profile', requireUser, async (req, res) => {
    res.json(await auth.getProfile(deps, Number(principalOf(req).userId)));
  });
  router.put('/profile', requireUser, async (req, res) => {
    const input = parseInput(UpdateProfileRequestSchema, req.body);
    res.json(await auth.updateProfile(deps, Number(principalOf(req).userId), input));
  });
  return router;
}
