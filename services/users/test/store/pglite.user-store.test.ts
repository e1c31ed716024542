import { openUserStore } from '../../src/store/index.ts';
import { userStoreContract } from './user-store.contract.ts';
import { userStoreLoggingContract } from './user-store.logging.contract.ts';

// In memory: each open() is a new, empty database. The contract opens one for the whole file
// (PGlite takes a couple of seconds to start) and one more for the concurrent-migration test.
userStoreContract('UserStore on PGlite (in memory)', async () => {
  const store = await openUserStore({ kind: 'pglite' });
  return { store, cleanup: () => store.close() };
});

userStoreLoggingContract('UserStore on PGlite: what its errors leave in the log', async () => {
  const store = await openUserStore({ kind: 'pglite' });
  return { store, cleanup: () => store.close() };
});
