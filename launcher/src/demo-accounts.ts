import type { SeedAccount } from '@canteen/users';

/**
 * The demo accounts of all-in-one mode, listed in the README. Their passwords are public:
 * set SEED_DEMO=false for anything but a demo.
 */
export const demoAccounts: SeedAccount[] = [
  { email: 'admin@canteen.local', password: 'canteen-admin', fullName: 'Demo Admin', role: 'ADMIN' },
  { email: 'staff@canteen.local', password: 'canteen-staff', fullName: 'Demo Kitchen Staff', role: 'STAFF' },
  { email: 'student@canteen.local', password: 'canteen-student', fullName: 'Demo Student', role: 'CUSTOMER' },
];
