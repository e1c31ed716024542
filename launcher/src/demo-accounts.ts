import { ConfigError } from '@canteen/service-kit';
import type { SeedAccount } from '@canteen/users';

/**
 * The demo accounts of all-in-one mode, listed in the README. Their passwords are public:
 * they exist only while demo data is on (see `demoMode`).
 */
export const demoAccounts: SeedAccount[] = [
  { email: 'admin@canteen.local', password: 'canteen-admin', fullName: 'Demo Admin', role: 'ADMIN' },
  { email: 'staff@canteen.local', password: 'canteen-staff', fullName: 'Demo Kitchen Staff', role: 'STAFF' },
  { email: 'student@canteen.local', password: 'canteen-student', fullName: 'Demo Student', role: 'CUSTOMER' },
];

export interface DemoMode {
  /** Seed the demo menu and the demo accounts (otherwise existing demo accounts are switched off). */
  enabled: boolean;
  /** Printed loudly at start-up when demo data is on where it should not be. */
  warning?: string;
}

/**
 * Demo data is for local trials: on by default, off by default in production
 * (`NODE_ENV=production`, which the container image sets) unless `SEED_DEMO=true` asks for it.
 */
export function demoMode(env: NodeJS.ProcessEnv): DemoMode {
  const production = env.NODE_ENV === 'production';
  const asked = env.SEED_DEMO?.trim().toLowerCase();
  if (asked !== undefined && asked !== '' && asked !== 'true' && asked !== 'false') {
    throw new ConfigError([`SEED_DEMO: must be true or false, not "${env.SEED_DEMO}"`]);
  }
  const enabled = asked ? asked === 'true' : !production;
  if (!enabled || !production) return { enabled };
  return {
    enabled,
    warning:
      'SEED_DEMO=true with NODE_ENV=production: the demo accounts (ADMIN included) have PUBLIC passwords. ' +
      'Anyone who can reach this server can sign in as admin. Use it for a trial only.',
  };
}
