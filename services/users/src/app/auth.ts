import type {
  AuthResponse,
  ChangePasswordRequest,
  LoginRequest,
  Profile,
  RegisterRequest,
  UpdateProfileRequest,
} from '@canteen/contracts';
import { AppError, conflict, notFound, unauthorized, validationFailed } from '@canteen/service-kit';
import { DuplicateEmailError, type UserRecord } from '../store/user.store.ts';
import { isGuessablePassword } from './common-passwords.ts';
import type { UsersDeps } from './deps.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { hashRefreshToken } from './refresh-tokens.ts';
import { revokeSessions } from './revoke-sessions.ts';
import { issueSession } from './sessions.ts';

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'Invalid email or password');
const invalidRefresh = () => new AppError(401, 'INVALID_REFRESH_TOKEN', 'The refresh token is not valid');

export const toProfile = (user: UserRecord): Profile => ({
  id: user.id,
  email: user.email,
  fullName: user.fullName,
  role: user.role,
  phone: user.phone,
});

export async function register(deps: UsersDeps, input: RegisterRequest): Promise<AuthResponse> {
  if (isGuessablePassword(input.password, input.email)) {
    throw validationFailed([{ path: 'password', message: 'is too common or too easy to guess' }]);
  }
  // A taken email is answered before the costly hash: a flood of sign-ups for taken
  // addresses costs a lookup each, not an Argon2 run (the insert still settles a race).
  if (await deps.store.findUserByEmail(input.email)) throw conflict('Email already exists', 'EMAIL_TAKEN');
  const passwordHash = await hashPassword(input.password);
  let user: UserRecord;
  try {
    user = await deps.store.createUser({
      email: input.email,
      fullName: input.fullName,
      phone: input.phone ?? null,
      role: 'CUSTOMER',
      passwordHash,
    });
  } catch (err) {
    if (err instanceof DuplicateEmailError) throw conflict('Email already exists', 'EMAIL_TAKEN');
    throw err;
  }
  deps.logger.info({ userId: user.id }, 'user registered');
  return issueSession(deps, user);
}

export async function login(deps: UsersDeps, input: LoginRequest, client: string): Promise<AuthResponse> {
  const attempt = await deps.throttle.begin(input.email, client);
  const user = await deps.store.findUserByEmail(input.email);
  // Verify even when there is no such user, so timing does not tell which emails exist.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  // A deactivated account gets the same answer as a wrong password: nothing to learn from it.
  if (!user || !ok || !user.active) {
    await attempt.failed();
    throw invalidCredentials();
  }
  await attempt.succeeded();
  return issueSession(deps, user);
}

export async function refresh(deps: UsersDeps, refreshToken: string): Promise<AuthResponse> {
  const now = deps.now();
  const use = await deps.store.useRefreshToken(hashRefreshToken(refreshToken), now);
  if (use.kind === 'unknown') throw invalidRefresh();
  if (use.kind === 'reused') {
    // An old token came back: someone holds a copy. End every session of that family.
    await deps.store.revokeRefreshFamily(use.token.familyId, now);
    deps.logger.warn({ userId: use.token.userId, familyId: use.token.familyId }, 'refresh token reuse, family revoked');
    throw new AppError(401, 'REFRESH_TOKEN_REUSED', 'The refresh token was already used; sign in again');
  }
  if (use.token.expiresAt <= now) throw invalidRefresh();
  const user = await deps.store.findUserById(use.token.userId);
  if (!user || !user.active) {
    await deps.store.revokeRefreshFamily(use.token.familyId, now);
    throw invalidRefresh();
  }
  return issueSession(deps, user, { id: use.token.familyId, expiresAt: use.token.sessionExpiresAt });
}

/** Ends one session (the family of the given refresh token) or, without one, all of them. */
export async function logout(deps: UsersDeps, userId: number, refreshToken?: string): Promise<void> {
  const now = deps.now();
  if (!refreshToken) {
    await revokeSessions(deps, userId, 'logout_all');
    return;
  }
  const token = await deps.store.findRefreshToken(hashRefreshToken(refreshToken));
  // Someone else's token is not ours to revoke, nor to spend; an unknown one ends nothing.
  if (token && token.userId === userId) await deps.store.revokeRefreshFamily(token.familyId, now);
}

/**
 * Changes the caller's password after checking the current one (throttled like a login, so a
 * stolen access token cannot guess it), and ends every session: the caller gets a new one.
 */
export async function changePassword(
  deps: UsersDeps,
  userId: number,
  input: ChangePasswordRequest,
  client: string,
): Promise<AuthResponse> {
  const user = await activeUser(deps, userId);
  const attempt = await deps.throttle.begin(user.email, client);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await attempt.failed();
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  await attempt.succeeded();
  if (input.newPassword === input.currentPassword) {
    throw validationFailed([{ path: 'newPassword', message: 'must differ from the current password' }]);
  }
  if (isGuessablePassword(input.newPassword, user.email)) {
    throw validationFailed([{ path: 'newPassword', message: 'is too common or too easy to guess' }]);
  }
  const updated = await deps.store.updateUser(userId, { passwordHash: await hashPassword(input.newPassword) });
  if (!updated) throw notFound('User not found');
  const notBefore = await revokeSessions(deps, userId, 'password_changed');
  deps.logger.info({ userId }, 'password changed, other sessions ended');
  return issueSession(deps, { ...updated, tokensNotBefore: notBefore ?? updated.tokensNotBefore });
}

export async function activeUser(deps: UsersDeps, userId: number): Promise<UserRecord> {
  const user = await deps.store.findUserById(userId);
  if (!user) throw notFound('User not found');
  if (!user.active) throw unauthorized('This account is deactivated');
  return user;
}

export async function getProfile(deps: UsersDeps, userId: number): Promise<Profile> {
  return toProfile(await activeUser(deps, userId));
}

export async function updateProfile(deps: UsersDeps, userId: number, input: UpdateProfileRequest): Promise<Profile> {
  await activeUser(deps, userId);
  const patch: { fullName?: string; phone?: string | null } = {};
  if (input.fullName !== undefined) patch.fullName = input.fullName;
  if (input.phone !== undefined) patch.phone = input.phone;
  const updated = await deps.store.updateUser(userId, patch);
  if (!updated) throw notFound('User not found');
  return toProfile(updated);
}
