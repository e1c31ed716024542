import { randomBytes, randomUUID } from 'node:crypto';
import { checkInfra, testUrls, writtenLogs } from '@canteen/service-kit/testing';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { openOrderStore } from '../../src/store/index.ts';
import { createMysqlOrderStore } from '../../src/store/mysql.order-store.ts';
import type { OrderRecord } from '../../src/domain/order.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { at, newOrder, noEvents } from './order-store.fixtures.ts';
import { type OpenedOrderStore, orderStoreContract } from './order-store.contract.ts';
import { asRoot, freshMysqlDatabase } from './mysql.fresh-database.ts';
import { analyticsBackfillContract } from './order-analytics.rollups.contract.ts';
import type { OpenOptions } from './order-store.fixtures.ts';

const check = await checkInfra('MariaDB', testUrls.mysql);

/** A throw-away database per open(): this file never sees (or leaves) another run's rows. */
async function openFresh(options: OpenOptions = {}): Promise<OpenedOrderStore & { url: string; dbName: string }> {
  const { url, dbName, drop } = await freshMysqlDatabase();
  const store = createMysqlOrderStore(url, options);
  const others: OrderStore[] = [];
  return {
    url,
    dbName,
    store,
    another: () => {
      const other = createMysqlOrderStore(url, options);
      others.push(other);
      return other;
    },
    cleanup: async () => {
      for (const other of others) await other.close();
      await store.close();
      await drop();
    },
  };
}

describe.skipIf(!check.available)('MySQL/MariaDB adapter', () => {
  orderStoreContract('OrderStore on MariaDB', openFresh);
  // The store places orders with a column of version 5 (in_rollups), so they are written at
  // version 5, then its rollups are emptied and the migration is made to run again (it can).
  analyticsBackfillContract('OrderStore on MariaDB', async (write) => {
    const opened = await openFresh();
    await opened.store.migrate();
    await write(opened.store);
    await asRoot(async (conn) => {
      for (const table of ['analytics_created', 'analytics_ready', 'analytics_dishes', 'analytics_cancels']) await conn.query(`DELETE FROM \`${opened.dbName}\`.${table}`);
      await conn.query(`DELETE FROM \`${opened.dbName}\`.orders_schema_migrations WHERE version = 5`);
    });
    return opened;
  });

  describe('MariaDB specifics', () => {
    it('when a statement fails, then the logged driver error keeps its code and none of the values (mysql2 formats them into err.sql)', async () => {
      const value = `secret-${randomUUID()}`;
      const failure = await asRoot((conn) => conn.query('INSERT INTO no_such_db.no_such_table (a) VALUES (?)', [value])).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect((failure as { sql?: string }).sql).toContain(value);

      const logs = writtenLogs('orders');
      logs.logger.error({ err: failure }, 'statement failed');

      expect(logs.lines()[0]!.err).toMatchObject({ code: expect.stringMatching(/^ER_/), errno: expect.any(Number), sqlState: expect.any(String) });
      expect(logs.text()).not.toContain(value);
    });

    it('when an order is stored, then its times are in the columns as UTC with milliseconds', async () => {
      const fresh = await openFresh();
      try {
        await fresh.store.migrate();
        const order = await fresh.store.createOrder(newOrder({ createdAt: at(0), updatedAt: at(1) }), noEvents);

        const [rows] = await asRoot((conn) =>
          conn.query(`SELECT created_at, updated_at FROM \`${fresh.dbName}\`.orders WHERE id = ?`, [order.id]),
        );

        expect(rows).toEqual([{ created_at: '2025-01-15 12:30:00.123', updated_at: '2025-01-15 12:30:00.124' }]);
      } finally {
        await fresh.cleanup();
      }
    });

    it('when payment events that came at once cannot commit together, then the logger is told and each runs on its own', async () => {
      const fresh = await openFresh();
      const warnings: unknown[][] = [];
      const store = createMysqlOrderStore(fresh.url, { logger: { warn: (...args: unknown[]) => void warnings.push(args) } });
      try {
        await store.migrate();
        const order = await store.createOrder(newOrder(), noEvents);
        const plusOne = (current: OrderRecord) => ({ ...current, refundedMinor: current.refundedMinor + 1 });
        // Its outbox row clashes with one already written: the batch's commit fails as a whole.
        const clash = () => [{ eventId: 'clashing-event', routingKey: 'order.test', payload: {} }];
        await store.updateOrderOnce('orders.fallback', randomUUID(), order.id, plusOne, clash);

        const results = await Promise.allSettled([
          store.updateOrderOnce('orders.fallback', randomUUID(), order.id, plusOne, clash),
          store.updateOrderOnce('orders.fallback', randomUUID(), order.id, plusOne, noEvents),
        ]);

        expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
        expect(warnings).toEqual([[expect.objectContaining({ events: 2 }), expect.stringContaining('one by one')]]);
        expect((await store.getOrder(order.id))?.refundedMinor).toBe(2);
      } finally {
        await store.close();
        await fresh.cleanup();
      }
    });

    it('when the database was migrated by newer code, then migrate refuses to touch it', async () => {
      const fresh = await openFresh();
      try {
        await fresh.store.migrate();
        await asRoot((conn) =>
          conn.query(`INSERT INTO \`${fresh.dbName}\`.orders_schema_migrations (version, name, applied_at) VALUES (99, 'future', NOW(3))`),
        );

        await expect(fresh.another!().migrate()).rejects.toThrow(/schema version 99/);
      } finally {
        await fresh.cleanup();
      }
    });

    describe('outbox rows handed to the writer\'s own relay', () => {
      const LEASE_MS = 60_000;
      const event = (n: number) => ({ eventId: randomUUID(), routingKey: 'order.created', payload: { n } });

      it('when a store wrote rows, then another relay does not claim them while their lease runs; after it, anyone does', async () => {
        let clock = Date.now();
        const fresh = await openFresh({ now: () => new Date(clock) });
        try {
          await fresh.store.migrate();
          const written = [event(1), event(2)];
          await fresh.store.createOrder(newOrder(), () => written);
          const otherRelay = fresh.another!();

          expect(await otherRelay.claimBatch(10)).toEqual([]);
          clock += LEASE_MS + 1;
          expect((await otherRelay.claimBatch(10)).map((r) => r.eventId)).toEqual(written.map((e) => e.eventId));
          // Leased to the other relay now: the writer's own claim does not hand them out again.
          await fresh.store.claimBatch(10);
          expect(await fresh.store.claimBatch(10)).toEqual([]);
        } finally {
          await fresh.cleanup();
        }
      });

      it('when fresh rows keep coming, then a row due for retry still goes out within a second', async () => {
        let clock = Date.now();
        const fresh = await openFresh({ now: () => new Date(clock) });
        try {
          await fresh.store.migrate();
          const failing = event(0);
          await fresh.store.createOrder(newOrder(), () => [failing]);
          const [claimed] = await fresh.store.claimBatch(10);
          expect(claimed?.eventId).toBe(failing.eventId);
          await fresh.store.markFailed(failing.eventId, 'broker away', new Date(clock + 100));
          clock += 200;

          const seen: string[] = [];
          for (let i = 0; i < 12; i++) {
            await fresh.store.createOrder(newOrder(), () => [event(i + 1)]);
            seen.push(...(await fresh.store.claimBatch(1)).map((r) => r.eventId));
            clock += 100;
          }

          expect(seen).toContain(failing.eventId);
        } finally {
          await fresh.cleanup();
        }
      });
    });

    it('when opened through openOrderStore, then it is the MySQL adapter on that URL', async () => {
      const fresh = await openFresh();
      const store = await openOrderStore({ kind: 'mysql', url: fresh.url });
      try {
        await store.migrate();
        const order = await store.createOrder(newOrder(), noEvents);
        expect(await fresh.store.getOrder(order.id)).toEqual(order);
      } finally {
        await store.close();
        await fresh.cleanup();
      }
    });
  });
});
