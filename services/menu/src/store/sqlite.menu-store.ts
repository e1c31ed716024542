import { createSqliteOutbox, type NewOutboxEvent, openSqliteSession, writeOutboxEvents } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { type CategoryRecord, type MenuItemRecord, newMenuId } from '../domain/menu.ts';
import {
  bumpedDate,
  categoryFromDoc,
  categoryToDoc,
  itemFromDoc,
  itemToDoc,
  normalized,
  OUTBOX_KEEP_SENT_MS,
  OUTBOX_LEASE_MS,
} from './menu.documents.ts';
import { DuplicateCategoryError, type EventsOf, type ItemFilter, type MenuStore, UnknownCategoryError } from './menu.store.ts';
import { runMigrations } from './sqlite.migrations.ts';
import { sqliteStockReservations } from './sqlite.stock-reservations.ts';

export interface SqliteMenuStoreOptions {
  /** Epoch milliseconds; injected so tests can move time (leases, retries). */
  now?: () => number;
}

interface DocRow {
  id: string;
  doc: string;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
const isForeignKeyViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';

const docOf = ({ _id, ...rest }: { _id: string }) => JSON.stringify(rest);
const toItem = (row: DocRow): MenuItemRecord => itemFromDoc({ ...JSON.parse(row.doc), _id: row.id });
const toCategory = (row: DocRow): CategoryRecord => categoryFromDoc({ ...JSON.parse(row.doc), _id: row.id });

/**
 * The menu store embedded in the process (all-in-one mode), on better-sqlite3. Each method runs
 * synchronously inside one IMMEDIATE transaction, so a record and its outbox rows commit
 * together, and read-modify-write cannot interleave with another writer (in this process the
 * event loop serialises them; across processes the write lock does).
 */
export function createSqliteMenuStore(path: string, options: SqliteMenuStoreOptions = {}): MenuStore {
  const now = options.now ?? Date.now;
  const db = new Database(path);
  const { sql, write } = openSqliteSession<Database.Statement>(db);
  // SQLite's lower() folds ASCII only; this one folds like the JavaScript the name keys are made with.
  db.function('js_lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));

  const readItem = (id: string) => {
    const row = sql('SELECT id, doc FROM menu_items WHERE id = ?').get(id) as DocRow | undefined;
    return row && toItem(row);
  };
  const readCategory = (id: string) => {
    const row = sql('SELECT id, doc FROM categories WHERE id = ?').get(id) as DocRow | undefined;
    return row && toCategory(row);
  };

  /** Inserts or replaces an item; the foreign key turns a missing category into UnknownCategoryError. */
  const writeItem = (item: MenuItemRecord, mode: 'insert' | 'update') => {
    const params = [item.categoryId, item.name.toLowerCase(), item.available ? 1 : 0, docOf(itemToDoc(item)), item.id];
    try {
      if (mode === 'insert') {
        sql('INSERT INTO menu_items (category_id, name_lower, available, doc, id) VALUES (?, ?, ?, ?, ?)').run(...params);
      } else {
        sql('UPDATE menu_items SET category_id = ?, name_lower = ?, available = ?, doc = ? WHERE id = ?').run(...params);
      }
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new UnknownCategoryError(item.categoryId);
      throw err;
    }
  };

  const appendEvents = (events: NewOutboxEvent[]) => writeOutboxEvents(db, events, now());

  const writeCategory = (category: CategoryRecord, mode: 'insert' | 'update') => {
    const doc = categoryToDoc(category);
    const params = [doc.name_lower, doc.display_order, doc.active ? 1 : 0, docOf(doc), doc._id];
    try {
      if (mode === 'insert') {
        sql('INSERT INTO categories (name_lower, display_order, active, doc, id) VALUES (?, ?, ?, ?, ?)').run(...params);
      } else {
        sql('UPDATE categories SET name_lower = ?, display_order = ?, active = ?, doc = ? WHERE id = ?').run(...params);
      }
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateCategoryError(category.name);
      throw err;
    }
  };

  /** The write half of updateItem, inside the caller's transaction. */
  const saveItem = (before: MenuItemRecord, changed: MenuItemRecord, events: EventsOf<MenuItemRecord>) => {
    const after = normalized({ ...changed, id: before.id, createdAt: before.createdAt, updatedAt: bumpedDate(now(), before.updatedAt) });
    writeItem(after, 'update');
    appendEvents(events(before, after));
    return after;
  };

  return {
    // The relay's half, on the same database.
    ...createSqliteOutbox(db, { now, leaseMs: OUTBOX_LEASE_MS, keepSentMs: OUTBOX_KEEP_SENT_MS }),
    ...sqliteStockReservations({ sql, write, readItem, saveItem }),

    async migrate() {
      runMigrations(db);
    },

    async listCategories({ includeInactive }) {
      const rows = sql(
        `SELECT id, doc FROM categories ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY display_order, name_lower, id`,
      ).all() as DocRow[];
      return rows.map(toCategory);
    },

    getCategory: async (id) => readCategory(id),

    async findCategoryByName(name) {
      const row = sql('SELECT id, doc FROM categories WHERE name_lower = ?').get(name.toLowerCase()) as DocRow | undefined;
      return row && toCategory(row);
    },

    async createCategory(input) {
      const at = new Date(now());
      const category = categoryFromDoc(categoryToDoc({ ...input, id: newMenuId(at), createdAt: at, updatedAt: at }));
      write(() => writeCategory(category, 'insert'));
      return category;
    },

    async updateCategory(id, patch) {
      return write(() => {
        const current = readCategory(id);
        if (!current) return undefined;
        const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
        if (Object.keys(changes).length === 0) return current;
        const updated: CategoryRecord = { ...current, ...changes, id, createdAt: current.createdAt, updatedAt: bumpedDate(now(), current.updatedAt) };
        writeCategory(updated, 'update');
        return updated;
      });
    },

    async deleteCategory(id, { cascade, events }) {
      return write(() => {
        if (!readCategory(id)) return 'not_found' as const;
        const items = (sql('SELECT id, doc FROM menu_items WHERE category_id = ? ORDER BY name_lower, id').all(id) as DocRow[]).map(toItem);
        if (items.length > 0 && !cascade) return 'has_items' as const;
        sql('DELETE FROM menu_items WHERE category_id = ?').run(id);
        appendEvents(items.flatMap((item) => events(item, undefined)));
        sql('DELETE FROM categories WHERE id = ?').run(id);
        return 'deleted' as const;
      });
    },

    async countItemsByCategory() {
      const rows = sql('SELECT category_id, count(*) AS count FROM menu_items GROUP BY category_id').all() as {
        category_id: string;
        count: number;
      }[];
      return new Map(rows.map((row) => [row.category_id, Number(row.count)]));
    },

    async listItems(filter: ItemFilter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.categoryId !== undefined) {
        where.push('i.category_id = ?');
        params.push(filter.categoryId);
      }
      if (filter.available !== undefined) {
        where.push('i.available = ?');
        params.push(filter.available ? 1 : 0);
      }
      if (filter.station !== undefined) {
        where.push(`json_extract(i.doc, '$.station') = ?`);
        params.push(filter.station);
      }
      if (filter.diet !== undefined) {
        where.push(`EXISTS (SELECT 1 FROM json_each(i.doc, '$.diet_tags') WHERE value = ?)`);
        params.push(filter.diet);
      }
      if (filter.q !== undefined && filter.q !== '') {
        // instr, not LIKE: no wildcard characters to escape, and case folded like JavaScript.
        where.push(`(instr(i.name_lower, ?) > 0 OR instr(js_lower(json_extract(i.doc, '$.description')), ?) > 0)`);
        const needle = filter.q.toLowerCase();
        params.push(needle, needle);
      }
      // Same order as the MongoDB adapter's compareItems: category order, category, then name.
      const rows = sql(
        `SELECT i.id, i.doc FROM menu_items i LEFT JOIN categories c ON c.id = i.category_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY coalesce(c.display_order, ${Number.MAX_SAFE_INTEGER}), coalesce(c.name_lower, ''), i.category_id, i.name_lower, i.id`,
      ).all(...params) as DocRow[];
      return rows.map(toItem);
    },

    getItem: async (id) => readItem(id),

    async getItems(ids) {
      if (ids.length === 0) return [];
      const rows = sql('SELECT id, doc FROM menu_items WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as DocRow[];
      const byId = new Map(rows.map((row) => [row.id, toItem(row)]));
      // In the order asked for, each once.
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    async createItem(input, events) {
      const at = new Date(now());
      const item = normalized({ ...input, id: newMenuId(at), createdAt: at, updatedAt: at });
      write(() => {
        writeItem(item, 'insert');
        appendEvents(events(undefined, item));
      });
      return item;
    },

    async updateItem(id, change, events) {
      return write(() => {
        const before = readItem(id);
        if (!before) return undefined;
        // change gets its own copy: whatever it does to it, `before` stays what was stored.
        return { before, after: saveItem(before, change(normalized(before)), events) };
      });
    },

    async deleteItem(id, events) {
      return write(() => {
        const item = readItem(id);
        if (!item) return undefined;
        sql('DELETE FROM menu_items WHERE id = ?').run(id);
        appendEvents(events(item, undefined));
        return item;
      });
    },

    async ping() {
      sql('SELECT 1').get();
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
