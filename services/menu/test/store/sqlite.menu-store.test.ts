import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_OUTBOX_TABLE_SQL } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openMenuStore } from '../../src/store/index.ts';
import { migrations, runMigrations } from '../../src/store/sqlite.migrations.ts';
import { createSqliteMenuStore } from '../../src/store/sqlite.menu-store.ts';
import { eventRecorder, newCategory, newItem } from './menu-store.fixtures.ts';
import { menuStoreContract } from './menu-store.contract.ts';
import { menuStoreStockContract } from './menu-store.stock.contract.ts';

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'menu-store-'));
  dirs.push(dir);
  return join(dir, 'menu.db');
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// In memory: every open() is a new, empty database.
menuStoreContract('MenuStore on SQLite (in memory)', async (options = {}) => {
  const store = createSqliteMenuStore(':memory:', options);
  return { store, cleanup: () => store.close() };
});

// The same contract on a file, where WAL and the on-disk schema are real.
menuStoreContract('MenuStore on SQLite (file)', async (options = {}) => {
  const path = tempPath();
  const store = createSqliteMenuStore(path, options);
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(path, { force: true });
    },
  };
});

menuStoreStockContract('MenuStore stock on SQLite (file)', async (options = {}) => {
  const path = tempPath();
  const store = createSqliteMenuStore(path, options);
  return { store, cleanup: () => store.close() };
});

describe('SQLite menu store on a file', () => {
  it('when migrated, then its outbox table is the one the shared SQLite outbox documents', async () => {
    const migrated = new Database(':memory:');
    const reference = new Database(':memory:');
    try {
      runMigrations(migrated);
      reference.exec(SQLITE_OUTBOX_TABLE_SQL);
      const shape = (db: Database.Database) => ({
        columns: db.pragma('table_info(outbox)'),
        indexes: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all(),
      });
      expect(shape(migrated)).toEqual(shape(reference));
    } finally {
      migrated.close();
      reference.close();
    }
  });

  it('when the store is closed and opened again, then records and unsent outbox rows are still there', async () => {
    const path = tempPath();
    const first = await openMenuStore({ kind: 'sqlite', path });
    await first.migrate();
    const category = await first.createCategory(newCategory());
    const { events, made } = eventRecorder();
    const item = await first.createItem(newItem(category.id, { stock: 3 }), events);
    await first.close();

    const second = await openMenuStore({ kind: 'sqlite', path });
    try {
      await second.migrate();
      expect(await second.getCategory(category.id)).toEqual(category);
      expect(await second.getItem(item.id)).toEqual(item);
      expect(await second.listItems({ categoryId: category.id })).toEqual([item]);
      expect(await second.claimBatch(10)).toEqual([{ ...made[0], attempts: 0 }]);
    } finally {
      await second.close();
    }
  });

  it('when an item was stored before option defaults existed, then its groups read back with none', async () => {
    const path = tempPath();
    const store = await openMenuStore({ kind: 'sqlite', path });
    await store.migrate();
    const category = await store.createCategory(newCategory());
    const item = await store.createItem(newItem(category.id), eventRecorder().events);
    await store.close();
    // The document as older code wrote it: no default_option_ids in its groups.
    const db = new Database(path);
    const { doc } = db.prepare('SELECT doc FROM menu_items WHERE id = ?').get(item.id) as { doc: string };
    const old = JSON.parse(doc) as { option_groups: Record<string, unknown>[] };
    for (const group of old.option_groups) delete group.default_option_ids;
    db.prepare('UPDATE menu_items SET doc = ? WHERE id = ?').run(JSON.stringify(old), item.id);
    db.close();

    const reopened = await openMenuStore({ kind: 'sqlite', path });
    try {
      const read = await reopened.getItem(item.id);
      expect(read?.optionGroups.map((group) => group.defaultOptionIds)).toEqual([[]]);
    } finally {
      await reopened.close();
    }
  });

  it('when the file was migrated by newer code, then migrate refuses to touch it', async () => {
    const path = tempPath();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    const store = createSqliteMenuStore(path);
    try {
      await expect(store.migrate()).rejects.toThrow(/schema version 99/);
    } finally {
      await store.close();
    }
  });

  it('when a file store is migrated, then the file is in WAL mode at the newest schema version', async () => {
    const path = tempPath();
    const store = createSqliteMenuStore(path);
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
