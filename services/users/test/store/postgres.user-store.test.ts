import { randomBytes } from 'node:crypto';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserStore } from '../../src/store/index.ts';
import type { UserStore } from '../../src/store/user.store.ts';
import { userStoreContract } from './user-store.contract.ts';
import { userStoreLoggingContract } from './user-store.logging.contract.ts';

const postgres = await checkInfra('PostgreSQL', testUrls.postgres);

/**
 * Every open() gets its own throw-away database, created through the `test` database, so this
 * file never sees (or leaves) rows of any other run; afterAll drops whatever cleanup missed.
 */
describe.skipIf(!postgres.available)('PostgreSQL adapter', () => {
  const admin = new pg.Client({ connectionString: testUrls.postgres });
  const created = new Set<string>();

  const databaseUrl = (database: string) => {
    const url = new URL(testUrls.postgres);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const dropDatabase = async (database: string) => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    created.delete(database);
  };
  const openFresh = async () => {
    const database = `users_contract_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    created.add(database);
    const store = await openUserStore({ kind: 'postgres', url: databaseUrl(database) });
    const cleanup = async () => {
      await store.close();
      await dropDatabase(database);
    };
    return { database, store, cleanup };
  };

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    for (const database of [...created]) await dropDatabase(database);
    await admin.end();
  });

  userStoreContract('UserStore on PostgreSQL', openFresh);
  userStoreLoggingContract('UserStore on PostgreSQL: what its errors leave in the log', openFresh);

  describe('connection pool', () => {
    let opened: Awaited<ReturnType<typeof openFresh>> | undefined;
    const store = (): UserStore => opened!.store;

    beforeAll(async () => {
      opened = await openFresh();
      await opened.store.migrate();
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    it('when the server kills the idle connections of the pool, then the next store calls still work', async () => {
      // Several calls at once leave several connections idle in the pool.
      await Promise.all(Array.from({ length: 4 }, () => store().countUsers()));

      // The timeout makes the server wait until each backend has exited, so its goodbye
      // (FATAL 57P01, then EOF) already sits in the client's socket when this returns.
      const killed = await admin.query<{ killed: boolean }>(
        `SELECT pg_terminate_backend(pid, 10000) AS killed FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [opened!.database],
      );
      expect(killed.rows.length).toBeGreaterThan(0);
      expect(killed.rows.every((row) => row.killed)).toBe(true);
      // Let the event loop read those sockets, as it would in the time before the next request.
      // A call racing the kill in the same tick can still get the dead connection and fail once:
      // pg cannot tell that apart from a query the server aborted, so the store does not retry.
      await new Promise((resolve) => setImmediate(resolve));

      await expect(store().ping()).resolves.toBeUndefined();
      const user = await store().createUser({
        email: `pool-${randomBytes(4).toString('hex')}@example.test`,
        fullName: 'After Restart',
        phone: null,
        role: 'CUSTOMER',
        passwordHash: 'hash',
      });
      expect(await store().findUserById(user.id)).toEqual(user);
      await expect(Promise.all(Array.from({ length: 4 }, () => store().countUsers()))).resolves.toHaveLength(4);
    });
  });
});
