import type { AuthResponse } from '@canteen/contracts';
import type { UserRecord } from '../store/user.store.ts';
import type { UsersDeps } from './deps.ts';
import { newRefreshSecret, newTokenId } from './refresh-tokens.ts';

/**
 * Issues an access token and a refresh token. A login starts a new family; a refresh passes
 * its family on, so that reuse of any old token in it can revoke all of it.
 */
export async function issueSession(
  deps: UsersDeps,
  user: UserRecord,
  familyId: string = newTokenId(),
): Promise<AuthResponse> {
  const { token, expiresIn } = await deps.signer.sign({ userId: String(user.id), email: user.email, role: user.role });
  const refresh = newRefreshSecret();
  await deps.store.insertRefreshToken({
    id: newTokenId(),
    familyId,
    userId: user.id,
    tokenHash: refresh.tokenHash,
    expiresAt: new Date(deps.now().getTime() + deps.refreshTtlSeconds * 1000),
  });
  return {
    token,
    type: 'Bearer',
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    refreshToken: refresh.token,
    expiresIn,
  };
}
