import type { AuthResponse } from '@canteen/contracts';
import type { UserRecord } from '../store/user.store.ts';
import type { UsersDeps } from './deps.ts';
import { newRefreshSecret, newTokenId } from './refresh-tokens.ts';

/** The session a refresh continues: its family and when it ends for good. */
export interface SessionFamily {
  id: string;
  expiresAt: Date;
}

/**
 * Issues an access token and a refresh token. A login starts a new family; a refresh passes
 * its family on, so that reuse of any old token in it can revoke all of it. A refresh token
 * lives `refreshTtlSeconds` from its issue but never past its family's absolute end, so a
 * session kept alive by refreshes still ends `sessionMaxSeconds` after sign-in.
 */
export async function issueSession(deps: UsersDeps, user: UserRecord, family?: SessionFamily): Promise<AuthResponse> {
  const now = deps.now().getTime();
  const sessionExpiresAt = family?.expiresAt ?? new Date(now + deps.sessionMaxSeconds * 1000);
  const { token, expiresIn } = await deps.signer.sign(
    { userId: String(user.id), email: user.email, role: user.role },
    { notBefore: user.tokensNotBefore },
  );
  const refresh = newRefreshSecret();
  await deps.store.insertRefreshToken({
    id: newTokenId(),
    familyId: family?.id ?? newTokenId(),
    userId: user.id,
    tokenHash: refresh.tokenHash,
    expiresAt: new Date(Math.min(now + deps.refreshTtlSeconds * 1000, sessionExpiresAt.getTime())),
    sessionExpiresAt,
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
