import { z } from 'zod';
import { EventEnvelopeSchema } from '../events/envelope.ts';

/**
 * `user.sessions_revoked`: the user was deactivated, their role changed, they logged out
 * everywhere or changed their password. Every access token of theirs issued before
 * `not_before` (epoch seconds) is refused from then on, by every service, and their open
 * `/ws` connections are closed.
 */
export const UserSessionsRevokedEventSchema = EventEnvelopeSchema.extend({
  event_type: z.literal('user.sessions_revoked'),
  user_id: z.string().min(1),
  not_before: z.number().int().nonnegative(),
  reason: z.enum(['deactivated', 'role_changed', 'logout_all', 'password_changed']).optional(),
});
export type UserSessionsRevokedEvent = z.infer<typeof UserSessionsRevokedEventSchema>;

export const USER_SESSIONS_REVOKED = 'user.sessions_revoked';
