import { randomUUID } from 'node:crypto';
import { USER_SESSIONS_REVOKED, type UserSessionsRevokedEvent } from '@canteen/contracts';
import type { UserPatch, UserRecord } from '../store/user.store.ts';
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
  const revocation = sessionRevocation(deps, userId, reason);
  const moment = await deps.store.revokeSessions(userId, revocation.now, revocation.notBefore, revocation.event);
  if (moment !== undefined) sessionsRevoked(deps, userId, reason, moment);
  return moment;
}

/**
 * A user change that ends their sessions (deactivation, role change), saved with its
 * revocation and event in one transaction: never one without the other.
 */
export async function updateUserRevokingSessions(
  deps: UsersDeps,
  userId: number,
  patch: UserPatch,
  reason: RevocationReason,
): Promise<UserRecord | undefined> {
  const updated = await deps.store.updateUserAndRevokeSessions(userId, patch, sessionRevocation(deps, userId, reason));
  if (updated) sessionsRevoked(deps, userId, reason, updated.tokensNotBefore);
  return updated;
}

function sessionRevocation(deps: UsersDeps, userId: number, reason: RevocationReason) {
  const now = deps.now();
  return {
    now,
    notBefore: Math.floor(now.getTime() / 1000) + 1,
    event: (latest: number) => {
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
    },
  };
}

/** After the commit: this service's own verifier need not wait for the bus; the relay sends the event. */
function sessionsRevoked(deps: UsersDeps, userId: number, reason: RevocationReason, moment: number): void {
  deps.revocations.revoke(String(userId), moment);
  deps.afterCommit();
  deps.logger.info({ userId, reason, notBefore: moment }, 'user sessions revoked');
}
