import { Router } from 'express';
import {
  ListDeadLettersQuerySchema,
  DeadLettersResponseSchema,
  RedriveRequestSchema,
  RedriveResponseSchema,
  type DeadLetterQueueDto,
  type DeadLettersResponse,
  type RedriveResponse,
} from '@canteen/contracts';
import {
  AppError,
  authenticate,
  listDeadLetters,
  notFound,
  parseInput,
  requireRole,
  UNKNOWN_QUEUE,
  type DeadLetterSource,
  type Logger,
  type TokenVerifier,
} from '@canteen/service-kit';
import type { Upstream } from '../clients/upstream.ts';
import { callJson } from '../clients/upstream-json.ts';

interface DeadLetterServices {
  /** The services that consume events; each answers for its own queues. */
  upstreams: Upstream[];
  /** The BFF's own consumer (Web Push), when it runs. */
  local: () => DeadLetterSource | undefined;
  logger: Logger;
}

/**
 * `/api/admin/dead-letters` (ADMIN): every service's dead letters in one list, and a redrive
 * that finds the service owning the queue and asks it to move one or all back. Each service
 * checks the token and the role itself; a service that is down is named in `unavailable`.
 */
export function deadLetterAdminRoutes(services: DeadLetterServices, verifier: TokenVerifier): Router {
  const router = Router();
  const admin = [authenticate(verifier), requireRole('ADMIN')];

  router.get('/admin/dead-letters', ...admin, async (req, res) => {
    const { limit } = parseInput(ListDeadLettersQuerySchema, req.query, '(query)');
    const answer: DeadLettersResponse = { queues: [], unavailable: [] };
    const parts = await Promise.all(
      services.upstreams.map(async (service) => {
        try {
          return (await callJson(DeadLettersResponseSchema, service, req, `/api/${service.name}/dead-letters?limit=${limit}`)).queues;
        } catch (err) {
          services.logger.warn({ err, service: service.name }, 'dead letters of a service could not be read');
          answer.unavailable.push(service.name);
          return [];
        }
      }),
    );
    const local = services.local();
    const own: DeadLetterQueueDto[] = local ? (await listDeadLetters(local, limit)).queues : [];
    answer.queues = [...parts.flat(), ...own];
    res.json(answer);
  });

  router.post('/admin/dead-letters/redrive', ...admin, async (req, res) => {
    const request = parseInput(RedriveRequestSchema, req.body);
    const local = services.local();
    if (local?.queues.includes(request.queue)) {
      const redriven = await local.bus.redriveDeadLetters(request.queue, request.message_id ? { messageId: request.message_id } : {});
      if (request.message_id && redriven === 0) throw notFound(`No dead letter ${request.message_id} in ${request.queue}`);
      services.logger.info({ queue: request.queue, messageId: request.message_id, redriven }, 'dead letters redriven');
      return res.json({ queue: request.queue, redriven } satisfies RedriveResponse);
    }
    // Each service knows its own queues: the first that does not say "not mine" owns it.
    let down: unknown;
    for (const service of services.upstreams) {
      try {
        return res.json(await callJson(RedriveResponseSchema, service, req, `/api/${service.name}/dead-letters/redrive`, { body: request }));
      } catch (err) {
        if (err instanceof AppError && err.code === UNKNOWN_QUEUE) continue;
        // A service that is down may be the owner: say so rather than "no such queue".
        if (err instanceof AppError && err.status >= 500) down = err;
        else throw err;
      }
    }
    throw down ?? notFound(`No service consumes a queue named ${request.queue}`);
  });
  return router;
}
