import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openOrderStore } from '../../src/store/index.ts';
import type { OrderStore } from '../../src/store/order.store.ts';
import { migrations } from '../../src/store/sqlite.migrations.ts';
import { createSqliteOrderStore } from '../../src/store/sqlite.order-store.ts';
import { eventRecorder, newOrder } from './order-store.fixtures.ts';
import { orderStoreContract } from './order-store.contract.ts';
import { analyticsBackfillContract } from './order-analytics.rollups.contract.ts';
import { runSqliteMigrations } from '@canteen/service-kit';

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'order-store-'));
  dirs.push(dir);
  return join(dir, 'orders.db');
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// In memory: every open() is a new, empty database (and no second handle can share it).
orderStoreContract('OrderStore on SQLite (in memory)', async (options = {}) => {
  const store = createSqliteOrderStore(':memory:', options);
  return { store, cleanup: () => store.close() };
});

// A file left at version 4 (before the analytics rollups) with orders in it, then migrated by the store.
analyticsBackfillContract('OrderStore on SQLite (file)', async (write) => {
  const path = tempPath();
  const db = new Database(path);
  runSqliteMigrations(db, 'orders', migrations.slice(0, 4));
  db.close();
  const store = createSqliteOrderStore(path);
  await write(store);
  return { store, cleanup: () => store.close() };
});

// The same contract on a file, where WAL, the on-disk schema and a second handle are real.
orderStoreContract('OrderStore on SQLite (file)', async (options = {}) => {
  const path = tempPath();
  const store = createSqliteOrderStore(path, options);
  const others: OrderStore[] = [];
  return {
    store,
    another: () => {
      const other = createSqliteOrderStore(path, options);
      others.push(other);
      return other;
    },
    cleanup: async () => {
      for (const other of others) await other.close();
      await store.close();
      rmSync(path, { force: true });
    },
  };
});

describe('SQLite order store on a file', () => {
  it('when the store is closed and opened again, then orders and unsent outbox rows are still there', async () => {
    const path = tempPath();
    const first = await openOrderStore({ kind: 'sqlite', path });
    await first.migrate();
    const { events, made } = eventRecorder();
    const order = await first.createOrder(newOrder(), events);
    await first.close();

    const second = await openOrderStore({ kind: 'sqlite', path });
    try {
      await second.migrate();
      expect(await second.getOrder(order.id)).toEqual(order);
      expect(await second.claimBatch(10)).toEqual([{ ...made[0], attempts: 0 }]);
    } finally {
      await second.close();
    }
  });

  it('when the file was migrated by newer code, then migrate refuses to touch it', async () => {
    const path = tempPath();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    const store = createSqliteOrderStore(path);
    try {
      await expect(store.migrate()).rejects.toThrow(/schema version 99/);
    } finally {
      await store.close();
    }
  });

  it('when a file store is migrated, then the file is in WAL mode at the newest schema version', async () => {
    const path = tempPath();
    const store = createSqliteOrderStore(path);
    await store.migrate();
    await store.close();

    const raw = new Database(path);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    } finally {
      raw.close();
    }
  });
});
