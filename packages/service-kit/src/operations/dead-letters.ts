import {
  ListDeadLettersQuerySchema,
  RedriveRequestSchema,
  type DeadLetterDto,
  type DeadLettersResponse,
  type RedriveResponse,
} from '@canteen/contracts';
import { Router } from 'express';
import { Gauge, type Registry } from 'prom-client';
import { authenticate, requireRole } from '../auth/middleware.ts';
import type { TokenVerifier } from '../auth/jwt.ts';
import type { EventBus } from '../bus/bus.ts';
import type { DeadLetter } from '../bus/failure.ts';
import { errorMessage } from '../bus/shared.ts';
import { AppError, notFound, parseInput } from '../http/errors.ts';
import type { HealthCheck } from '../http/health.ts';
import type { Logger } from '../logging/logger.ts';

/** A service's consumers as far as dead letters go: which bus, which queues. */
export interface DeadLetterSource {
  /** The service's short name (orders, payments, queue, bff), as the admin API groups queues. */
  service: string;
  bus: EventBus;
  /** The queues the service consumes (their dead letters are in `<queue>.dead`). */
  queues: readonly string[];
}

/** 404 with its own code, so the BFF can tell "not this service's queue" from "no such dead letter". */
export const UNKNOWN_QUEUE = 'UNKNOWN_QUEUE';
export const unknownQueue = (service: string, queue: string) =>
  new AppError(404, UNKNOWN_QUEUE, `The ${service} service consumes no queue named ${queue}`);

export const toDeadLetterDto = (letter: DeadLetter): DeadLetterDto => ({
  queue: letter.queue,
  message_id: letter.messageId,
  routing_key: letter.routingKey,
  body: letter.body,
  reason: letter.reason,
  error: letter.error,
  attempts: letter.attempts,
  ...(letter.deadAt ? { dead_at: letter.deadAt } : {}),
});

export async function listDeadLetters(source: DeadLetterSource, limit?: number): Promise<DeadLettersResponse> {
  const queues = await Promise.all(
    source.queues.map(async (queue) => {
      const [count, letters] = await Promise.all([source.bus.countDeadLetters(queue), source.bus.listDeadLetters(queue, { limit })]);
      // The count is the broker's (ready messages); a listing can see more while it settles.
      return { service: source.service, queue, count: Math.max(count, letters.length), dead_letters: letters.map(toDeadLetterDto) };
    }),
  );
  return { queues, unavailable: [] };
}

/**
 * `GET <prefix>/dead-letters` and `POST <prefix>/dead-letters/redrive`, ADMIN only: the
 * service's dead letters with their error, and moving one (`message_id`) or all (`all: true`)
 * back to their queue. The BFF's `/api/admin/dead-letters` puts every service's together.
 */
export function deadLetterRoutes(source: DeadLetterSource, verifier: TokenVerifier, logger: Logger): Router {
  const router = Router();
  const admin = [authenticate(verifier), requireRole('ADMIN')];
  router.get('/dead-letters', ...admin, async (req, res) => {
    const { limit } = parseInput(ListDeadLettersQuerySchema, req.query, '(query)');
    res.json(await listDeadLetters(source, limit));
  });
  router.post('/dead-letters/redrive', ...admin, async (req, res) => {
    const request = parseInput(RedriveRequestSchema, req.body);
    if (!source.queues.includes(request.queue)) throw unknownQueue(source.service, request.queue);
    const redriven = await source.bus.redriveDeadLetters(request.queue, request.message_id ? { messageId: request.message_id } : {});
    if (request.message_id && redriven === 0) throw notFound(`No dead letter ${request.message_id} in ${request.queue}`);
    logger.info({ queue: request.queue, messageId: request.message_id, redriven, by: req.principal?.userId }, 'dead letters redriven');
    res.json({ queue: request.queue, redriven } satisfies RedriveResponse);
  });
  return router;
}

/**
 * A warning (not an outage: the service still works) while a dead-letter queue is not empty,
 * so someone looks at what failed and redrives it.
 */
export function deadLetterCheck(source: DeadLetterSource): HealthCheck {
  return async () => {
    let counts: (readonly [string, number])[];
    try {
      counts = await Promise.all(source.queues.map(async (queue) => [queue, await source.bus.countDeadLetters(queue)] as const));
    } catch (err) {
      // The broker is away: the bus check says so; this one only cannot look.
      return { status: 'warn', detail: `cannot count dead letters: ${errorMessage(err)}` };
    }
    const waiting = counts.filter(([, count]) => count > 0);
    if (waiting.length === 0) return { status: 'up' };
    return { status: 'warn', detail: waiting.map(([queue, count]) => `${queue}.dead holds ${count}`).join('; ') };
  };
}

/** `bus_dead_letters{queue}`: the depth of each dead-letter queue, read when /metrics is scraped. */
export function registerDeadLetterMetric(registry: Registry, source: DeadLetterSource, logger: Logger): void {
  new Gauge({
    name: 'bus_dead_letters',
    help: 'Messages waiting in a dead-letter queue (list and redrive them with npm run dead-letters)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of source.queues) {
        try {
          this.set({ queue }, await source.bus.countDeadLetters(queue));
        } catch (err) {
          // The broker is away: no sample rather than a wrong zero; the bus health says why.
          logger.debug({ queue, err: errorMessage(err) }, 'cannot count dead letters');
        }
      }
    },
  });
}

/** Everything above for one service: routes under its API prefix, the health check, the metric. */
export function deadLetterOperations(source: DeadLetterSource, logger: Logger) {
  return {
    routes: (verifier: TokenVerifier) => deadLetterRoutes(source, verifier, logger),
    check: deadLetterCheck(source),
    metrics: (registry: Registry) => registerDeadLetterMetric(registry, source, logger),
  };
}
