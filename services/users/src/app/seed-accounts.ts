import type { Role } from '@canteen/contracts';
import type { UsersDeps } from './deps.ts';
import { hashPassword } from './password.ts';

export interface SeedAccount {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

/**
 * Creates the accounts that are missing (the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, the
 * demo accounts of all-in-one mode). Existing accounts are left exactly as they are: a
 * restart never resets a password or a role somebody changed.
 */
export async function ensureAccounts(deps: Pick<UsersDeps, 'store' | 'logger'>, accounts: SeedAccount[]) {
  for (const account of accounts) {
    const email = account.email.trim().toLowerCase();
    if (await deps.store.findUserByEmail(email)) continue;
    try {
      await deps.store.createUser({
        email,
        fullName: account.fullName,
        phone: null,
        role: account.role,
        passwordHash: await hashPassword(account.password),
      });
      deps.logger.info({ email, role: account.role }, 'account created at start-up');
    } catch (err) {
      // Another replica created it a moment ago: that is fine.
      if (!(await deps.store.findUserByEmail(email))) throw err;
    }
  }
}
