import type { Role } from '@canteen/contracts';
import type { UsersDeps } from './deps.ts';
import { updateUserRevokingSessions } from './revoke-sessions.ts';
import { hashPassword } from './password.ts';

export interface SeedAccount {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

const normalise = (email: string) => email.trim().toLowerCase();

/**
 * Creates the accounts that are missing (the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, the
 * demo accounts of all-in-one mode). Existing accounts keep their password and role: a
 * restart never resets what somebody changed. With `reactivate`, an existing account that
 * is deactivated is switched back on (the demo accounts, retired while demo data was off).
 */
export async function ensureAccounts(
  deps: Pick<UsersDeps, 'store' | 'logger'>,
  accounts: SeedAccount[],
  options: { reactivate?: boolean } = {},
) {
  for (const account of accounts) {
    const email = normalise(account.email);
    const existing = await deps.store.findUserByEmail(email);
    if (existing) {
      if (options.reactivate && !existing.active) {
        await deps.store.updateUser(existing.id, { active: true });
        deps.logger.warn({ email, role: existing.role }, 'demo account reactivated at start-up');
      }
      continue;
    }
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

/**
 * Switches off accounts whose passwords are public (the demo accounts) when demo data is
 * turned off, and ends their sessions: a deployment that once ran as a demo must not keep an
 * ADMIN anybody can sign in as.
 */
export async function retireAccounts(deps: UsersDeps, emails: string[]) {
  for (const email of emails.map(normalise)) {
    const existing = await deps.store.findUserByEmail(email);
    if (!existing?.active) continue;
    await updateUserRevokingSessions(deps, existing.id, { active: false }, 'deactivated');
    deps.logger.warn({ email, role: existing.role }, 'demo account deactivated: demo data is off');
  }
}
