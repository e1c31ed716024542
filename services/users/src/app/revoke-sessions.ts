import { randomUUID } from 'node:crypto';
import { USER_SESSIONS_REVOKED, type UserSessionsRevokedEvent } from '@canteen/contracts';
import type { UsersDeps } from './deps.ts';

export type RevocationReason = NonNullable<UserSessionsRevokedEvent['reason']>;

/**
 * Ends every session of the user and every access token they hold: refresh tokens revoked,
 * their not-before moved to the next whole second (a token's `iat` has whole seconds, so
 * every token issued up to now is older), and `user.sessions_revoked` written to the outbox
 * in the same transaction; every service refuses the older tokens once the event arrives.
 * Resolves with the user's not-before, which the tokens issued from now on carry as `iat`.
 */
export async function revokeSessions(deps: UsersDeps, userId: number, reason: RevocationReason): Promise<number | undefined> {
  const now = deps.now();
  const notBefore = Math.floor(now.getTime() / 1000) + 1;
  const moment = await deps.store.revokeSessions(userId, now, notBefore, (latest) => {
    const event: UserSessionsRevokedEvent = {
      event_id: randomUUID(),
      event_type: USER_SESSIONS_REVOKED,
      schema_version: 1,
      timestamp: now.toISOString(),
      user_id: String(userId),
      not_before: latest,
      reason,
    };
    return { eventId: event.event_id, routingKey: USER_SESSIONS_REVOKED, payload: event };
  });
  if (moment === undefined) return undefined;
  // This service's own verifier need not wait for the bus.
  deps.revocations.revoke(String(userId), moment);
  deps.afterCommit();
  deps.logger.info({ userId, reason, notBefore: moment }, 'user sessions revoked');
  return moment;
}
