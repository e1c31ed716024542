import { USER_SESSIONS_REVOKED, UserSessionsRevokedEventSchema } from '@canteen/contracts';
import type { EventBus, Subscription } from '../bus/bus.ts';
import type { Logger } from '../logging/logger.ts';

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
 * Feeds `list` from `user.sessions_revoked` on the bus. Each service (each replica, since the
 * list is in its memory) needs its own queue: pass a name unique to the instance. A malformed
 * event is poison (dead-lettered by the bus through the schema error).
 */
export function subscribeSessionRevocations(
  bus: EventBus,
  options: { queue: string; list: RevocationList; logger: Logger },
): Promise<Subscription> {
  return bus.subscribe({
    queue: options.queue,
    routingKeys: [USER_SESSIONS_REVOKED],
    handler: async (message) => {
      const event = UserSessionsRevokedEventSchema.parse(message.body);
      options.list.revoke(event.user_id, event.not_before);
      options.logger.info({ userId: event.user_id, notBefore: event.not_before, reason: event.reason }, 'user sessions revoked');
    },
  });
}
