import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { USER_SESSIONS_REVOKED, UserSessionsRevokedEventSchema } from '@canteen/contracts';
import type { EventBus, Subscription } from '../bus/bus.ts';
import type { Logger } from '../logging/logger.ts';
import { SERVICE_TOKEN_HEADER } from './service-token.ts';

/**
 * Per user, the moment (epoch seconds) before which their access tokens no longer count: set
 * when the users service deactivates them, changes their role, logs them out everywhere or
 * changes their password. The verifier consults it on every request, its cache hits included,
 * so a revoked token stops working as soon as the news arrives.
 *
 * Only the latest (largest) moment per user is kept; entries older than the longest access
 * token lifetime can go, since every token they would refuse has expired anyway.
 */
export interface RevocationList {
  /** Records `notBefore` for the user (a smaller one than known changes nothing). */
  revoke(userId: string, notBefore: number): void;
  /** True when a token of `userId` issued at `issuedAt` (epoch seconds) is revoked. */
  isRevoked(userId: string, issuedAt: number): boolean;
  /** Called after each revocation that moved a user's moment (e.g. to close their sockets). */
  onRevoked(listener: (userId: string, notBefore: number) => void): () => void;
  readonly size: number;
}

export function createRevocationList(options: { maxAgeSeconds?: number; now?: () => number } = {}): RevocationList {
  // A day outlives the longest allowed access token (ACCESS_TOKEN_TTL_SECONDS ≤ 86,400).
  const maxAgeSeconds = options.maxAgeSeconds ?? 86_400;
  const now = options.now ?? Date.now;
  const notBefore = new Map<string, number>();
  const listeners = new Set<(userId: string, notBefore: number) => void>();

  function prune() {
    const horizon = Math.floor(now() / 1000) - maxAgeSeconds;
    for (const [userId, moment] of notBefore) if (moment < horizon) notBefore.delete(userId);
  }

  return {
    revoke(userId, moment) {
      const known = notBefore.get(userId);
      if (known !== undefined && known >= moment) return;
      notBefore.set(userId, moment);
      if (notBefore.size % 1000 === 0) prune();
      for (const listener of listeners) listener(userId, moment);
    },
    isRevoked(userId, issuedAt) {
      const moment = notBefore.get(userId);
      return moment !== undefined && issuedAt < moment;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return notBefore.size;
    },
  };
}

/**
 * Feeds `list` from `user.sessions_revoked` on the bus. The list is in this process's memory,
 * so every replica needs every event: the queue is the instance's own (`queue` plus a suffix
 * unique to this process, gone when its connection goes). A malformed event is logged and
 * dropped; what a replica missed while it was away it loads at start (loadSessionRevocations).
 */
export function subscribeSessionRevocations(
  bus: EventBus,
  options: { queue: string; list: RevocationList; logger: Logger; onResumed?: () => void },
): Promise<Subscription> {
  return bus.subscribe({
    queue: `${options.queue}.${instanceSuffix()}`,
    perInstance: true,
    // Before per-instance queues, the replicas of a service shared a durable queue of this name.
    replaces: options.queue,
    ...(options.onResumed ? { onResumed: options.onResumed } : {}),
    routingKeys: [USER_SESSIONS_REVOKED],
    handler: async (message) => {
      const event = UserSessionsRevokedEventSchema.parse(message.body);
      options.list.revoke(event.user_id, event.not_before);
      options.logger.info({ userId: event.user_id, notBefore: event.not_before, reason: event.reason }, 'user sessions revoked');
    },
  });
}

/**
 * How a service follows the users' not-before moments: it hears `user.sessions_revoked` on a
 * queue of its own, then loads the last day's moments from the users service (after
 * subscribing, so nothing falls between the two), and loads them again each time its queue is
 * made again after a lost broker connection: what was sent while it had no queue is missed.
 * Without the users service's URL and the service token it only listens.
 */
export async function followSessionRevocations(
  bus: EventBus,
  options: {
    queue: string;
    list: RevocationList;
    logger: Logger;
    /** Where the moments are loaded from: the service's own settings of these names. */
    config: { USERS_SERVICE_URL?: string | undefined; SERVICE_TOKEN?: string | undefined };
  },
): Promise<Subscription> {
  const { list, logger } = options;
  const { USERS_SERVICE_URL: usersUrl, SERVICE_TOKEN: serviceToken } = options.config;
  const load = usersUrl && serviceToken ? () => loadSessionRevocations({ usersUrl, serviceToken, list, logger }) : undefined;
  const subscription = await subscribeSessionRevocations(bus, {
    queue: options.queue,
    list,
    logger,
    ...(load ? { onResumed: () => void load() } : {}),
  });
  await load?.();
  return subscription;
}

/**
 * At start, a service loads the revocations of the last day (no access token lives longer)
 * from the users service (`GET /internal/sessions/not-before`, service token): events sent
 * while it was not listening (an all-in-one restart, a queue made for the first time) would
 * otherwise be missed. A failure is logged, not fatal: the bus still brings what comes next.
 */
export async function loadSessionRevocations(options: {
  usersUrl: string;
  serviceToken: string;
  list: RevocationList;
  logger: Logger;
  now?: () => number;
  timeoutMs?: number;
}): Promise<void> {
  const after = Math.floor((options.now ?? Date.now)() / 1000) - 86_400;
  const url = new URL(`/internal/sessions/not-before?after=${after}`, options.usersUrl);
  try {
    const response = await fetch(url, {
      headers: { [SERVICE_TOKEN_HEADER]: options.serviceToken },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new Error(`the users service answered ${response.status}`);
    const { users } = NotBeforeListSchema.parse(await response.json());
    for (const entry of users) options.list.revoke(entry.user_id, entry.not_before);
    options.logger.info({ revoked: users.length }, 'revoked sessions loaded from the users service');
  } catch (err) {
    options.logger.warn({ err }, 'could not load revoked sessions from the users service; older tokens of users revoked before this start may work until they expire');
  }
}

const NotBeforeListSchema = z.object({
  users: z.array(z.object({ user_id: z.string().min(1), not_before: z.number().int().nonnegative() })),
});

/** Names this process among the replicas of a service (readable in the broker's queue list). */
export const instanceSuffix = () => `${hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40)}.${process.pid}.${randomUUID().slice(0, 8)}`;
