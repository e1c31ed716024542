import type { AdminUser, ListUsersQuery, UpdateUserRequest, UserList } from '@canteen/contracts';
import { conflict, notFound } from '@canteen/service-kit';
import type { UserRecord } from '../store/user.store.ts';
import { toProfile } from './auth.ts';
import type { UsersDeps } from './deps.ts';
import { updateUserRevokingSessions } from './revoke-sessions.ts';

const toAdminUser = (user: UserRecord): AdminUser => ({
  ...toProfile(user),
  active: user.active,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});

export async function listUsers(deps: UsersDeps, query: ListUsersQuery): Promise<UserList> {
  const { users, total } = await deps.store.listUsers(query);
  return { users: users.map(toAdminUser), total, limit: query.limit, offset: query.offset };
}

export async function updateUser(
  deps: UsersDeps,
  actorId: number,
  userId: number,
  input: UpdateUserRequest,
): Promise<AdminUser> {
  // An admin cannot lock themselves out: that is how a canteen ends up with no admin at all.
  if (actorId === userId && ((input.role !== undefined && input.role !== 'ADMIN') || input.active === false)) {
    throw conflict('You cannot remove your own admin role or deactivate yourself', 'SELF_LOCKOUT');
  }
  const patch: { role?: UserRecord['role']; active?: boolean } = {};
  if (input.role !== undefined) patch.role = input.role;
  if (input.active !== undefined) patch.active = input.active;
  // A role change or a deactivation ends the user's sessions: their next refresh fails and
  // the new role is in the next token they get by signing in; their access tokens too, at
  // every service (user.sessions_revoked, written with the change).
  const reason = input.active === false ? 'deactivated' : input.role !== undefined ? 'role_changed' : undefined;
  const updated = reason
    ? await updateUserRevokingSessions(deps, userId, patch, reason)
    : await deps.store.updateUser(userId, patch);
  if (!updated) throw notFound('User not found');
  deps.logger.info({ actorId, userId, patch }, 'user updated by admin');
  return toAdminUser(updated);
}
