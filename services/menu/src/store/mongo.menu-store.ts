import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import mongoose, { type ClientSession } from 'mongoose';
import { type CategoryRecord, type MenuItemRecord, newMenuId } from '../domain/menu.ts';
import {
  bumpedDate,
  type CategoryDoc,
  categoryFromDoc,
  categoryToDoc,
  compareItems,
  itemFromDoc,
  itemToDoc,
  jsonEvent,
  type MenuItemDoc,
  normalized,
  OUTBOX_LEASE_MS,
} from './menu.documents.ts';
import { DuplicateCategoryError, type MenuStore, UnknownCategoryError } from './menu.store.ts';
import { menuModels, type OutboxDoc } from './mongo.schemas.ts';
import { mongoStockReservations } from './mongo.stock-reservations.ts';

export interface MongoMenuStoreOptions {
  /** Epoch milliseconds; injected so tests can move time (leases, retries). */
  now?: () => number;
  /** Overrides the database named in the URL (tests use a throw-away one per run). */
  dbName?: string;
  /** How long to look for a server before giving up; 10 s by default. */
  serverSelectionTimeoutMS?: number;
}

const TRANSACTION_OPTIONS = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
} as const;

// Appends in this process come out of claimBatch in the order they went in, even within one ms.
let appendSeq = 0;

const isDuplicateName = (err: unknown) => {
  const e = err as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  return e.code === 11000 && (e.keyPattern ? 'name_lower' in e.keyPattern : /name_lower/.test(e.message ?? ''));
};

/**
 * The menu store on MongoDB through mongoose, on its own connection. Writes that carry events
 * run in a MongoDB transaction with their outbox rows, so MongoDB must be a replica set (a
 * single-node one is enough: `mongod --replSet rs0` and `rs.initiate()`, which is what docker
 * compose runs); a standalone server is refused at start-up with that explanation.
 *
 * Read-modify-write (updateItem) reads inside the transaction: two concurrent updates of one
 * item conflict on write, the loser's transaction is retried by `withTransaction` from the
 * read, so no update is lost. That is also why `change` and `events` may run more than once.
 */
export async function createMongoMenuStore(url: string, options: MongoMenuStoreOptions = {}): Promise<MenuStore> {
  const now = options.now ?? Date.now;
  const conn = mongoose.createConnection(url, {
    // Collections and indexes come from migrate(), never implicitly; fail at once when disconnected.
    autoCreate: false,
    autoIndex: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    ...(options.dbName ? { dbName: options.dbName } : {}),
  });
  try {
    await conn.asPromise();
    await requireReplicaSet(conn);
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw err;
  }
  const models = menuModels(conn);
  const { Category, Item, Outbox } = models;

  async function inTransaction<T>(fn: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = await conn.startSession();
    try {
      return await session.withTransaction(() => fn(session), TRANSACTION_OPTIONS);
    } finally {
      await session.endSession();
    }
  }

  async function appendEvents(events: NewOutboxEvent[], session: ClientSession): Promise<void> {
    if (events.length === 0) return;
    const at = new Date(now());
    const rows: OutboxDoc[] = events.map((event) => {
      const row = jsonEvent(event);
      return {
        _id: row.eventId,
        routing_key: row.routingKey,
        payload: row.payload,
        headers: row.headers,
        attempts: 0,
        last_error: null,
        created_at: at,
        seq: ++appendSeq,
        retry_at: at,
        lease_until: new Date(0),
        sent_at: null,
      };
    });
    await Outbox.insertMany(rows, { session });
  }

  /** Bumps the category's version inside the transaction; see mongo.schemas.ts for why. */
  async function touchCategory(categoryId: string, session: ClientSession): Promise<void> {
    const result = await Category.updateOne({ _id: categoryId }, { $inc: { __v: 1 } }, { session });
    if (result.matchedCount === 0) throw new UnknownCategoryError(categoryId);
  }

  const readItem = async (id: string, session?: ClientSession) => {
    const doc = await Item.findById(id, null, session ? { session } : {}).lean<MenuItemDoc>();
    return doc ? itemFromDoc(doc) : undefined;
  };
  const readCategory = async (id: string, session?: ClientSession) => {
    const doc = await Category.findById(id, null, session ? { session } : {}).lean<CategoryDoc>();
    return doc ? categoryFromDoc(doc) : undefined;
  };

  return {
    ...mongoStockReservations({ models, inTransaction, appendEvents, now }),

    async migrate() {
      for (const model of [Category, Item, Outbox, models.Reservation, models.CancelledOrder] as const) {
        await model.createCollection();
        await model.createIndexes();
      }
    },

    async listCategories({ includeInactive }) {
      const docs = await Category.find(includeInactive ? {} : { active: true })
        .sort({ display_order: 1, name_lower: 1, _id: 1 })
        .lean<CategoryDoc[]>();
      return docs.map(categoryFromDoc);
    },

    getCategory: (id) => readCategory(id),

    async findCategoryByName(name) {
      const doc = await Category.findOne({ name_lower: name.toLowerCase() }).lean<CategoryDoc>();
      return doc ? categoryFromDoc(doc) : undefined;
    },

    async createCategory(input) {
      const at = new Date(now());
      const category = categoryFromDoc(categoryToDoc({ ...input, id: newMenuId(at), createdAt: at, updatedAt: at }));
      try {
        await Category.create(categoryToDoc(category));
      } catch (err) {
        if (isDuplicateName(err)) throw new DuplicateCategoryError(category.name);
        throw err;
      }
      return category;
    },

    async updateCategory(id, patch) {
      const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      try {
        return await inTransaction(async (session) => {
          const current = await readCategory(id, session);
          if (!current || Object.keys(changes).length === 0) return current;
          const updated: CategoryRecord = { ...current, ...changes, id, createdAt: current.createdAt, updatedAt: bumpedDate(now(), current.updatedAt) };
          const { _id, ...fields } = categoryToDoc(updated);
          await Category.updateOne({ _id: id }, { $set: fields, $inc: { __v: 1 } }, { session });
          return updated;
        });
      } catch (err) {
        if (isDuplicateName(err)) throw new DuplicateCategoryError(String(patch.name));
        throw err;
      }
    },

    async deleteCategory(id, { cascade, events }) {
      return inTransaction(async (session) => {
        if (!(await readCategory(id, session))) return 'not_found' as const;
        const docs = await Item.find({ category_id: id }, null, { session }).lean<MenuItemDoc[]>();
        if (docs.length > 0 && !cascade) return 'has_items' as const;
        const items = docs.map(itemFromDoc).sort((a, b) => compareItems(a, b, new Map()));
        await Item.deleteMany({ category_id: id }, { session });
        await appendEvents(items.flatMap((item) => events(item, undefined)), session);
        await Category.deleteOne({ _id: id }, { session });
        return 'deleted' as const;
      });
    },

    async countItemsByCategory() {
      const rows = await Item.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$category_id', count: { $sum: 1 } } }]);
      return new Map(rows.map((row) => [row._id, row.count]));
    },

    async listItems(filter) {
      const query: Record<string, unknown> = {};
      if (filter.categoryId !== undefined) query.category_id = filter.categoryId;
      if (filter.available !== undefined) query.available = filter.available;
      if (filter.station !== undefined) query.station = filter.station;
      if (filter.diet !== undefined) query.diet_tags = filter.diet;
      const [docs, categories] = await Promise.all([
        Item.find(query).lean<MenuItemDoc[]>(),
        Category.find({}, { display_order: 1, name_lower: 1 }).lean<Pick<CategoryDoc, '_id' | 'display_order' | 'name_lower'>[]>(),
      ]);
      let items = docs.map(itemFromDoc);
      if (filter.q !== undefined && filter.q !== '') {
        // Folded in JavaScript, not by a server regex: the same matching as the SQLite store,
        // and a menu is small enough to look through.
        const needle = filter.q.toLowerCase();
        items = items.filter((item) => item.name.toLowerCase().includes(needle) || item.description.toLowerCase().includes(needle));
      }
      const order = new Map(categories.map((c) => [c._id, { displayOrder: c.display_order, nameLower: c.name_lower }]));
      return items.sort((a, b) => compareItems(a, b, order));
    },

    getItem: (id) => readItem(id),

    async getItems(ids) {
      if (ids.length === 0) return [];
      const docs = await Item.find({ _id: { $in: ids } }).lean<MenuItemDoc[]>();
      const byId = new Map(docs.map((doc) => [doc._id, itemFromDoc(doc)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },

    async createItem(input, events) {
      const at = new Date(now());
      const item = normalized({ ...input, id: newMenuId(at), createdAt: at, updatedAt: at });
      await inTransaction(async (session) => {
        await touchCategory(item.categoryId, session);
        await Item.insertMany([itemToDoc(item)], { session });
        await appendEvents(events(undefined, item), session);
      });
      return item;
    },

    async updateItem(id, change, events) {
      return inTransaction(async (session) => {
        const before = await readItem(id, session);
        if (!before) return undefined;
        const changed = change(normalized(before));
        const after = normalized({ ...changed, id, createdAt: before.createdAt, updatedAt: bumpedDate(now(), before.updatedAt) });
        if (after.categoryId !== before.categoryId) await touchCategory(after.categoryId, session);
        const { _id, ...fields } = itemToDoc(after);
        await Item.updateOne({ _id: id }, { $set: fields, $inc: { __v: 1 } }, { session });
        await appendEvents(events(before, after), session);
        return { before, after };
      });
    },

    async deleteItem(id, events) {
      return inTransaction(async (session) => {
        const doc = await Item.findOneAndDelete({ _id: id }, { session }).lean<MenuItemDoc>();
        if (!doc) return undefined;
        const item = itemFromDoc(doc);
        await appendEvents(events(item, undefined), session);
        return item;
      });
    },

    async claimBatch(limit) {
      const at = now();
      const claimed: OutboxRecord[] = [];
      // One atomic findOneAndUpdate per row: a row leased here is invisible to every other relay.
      while (claimed.length < limit) {
        const doc = await Outbox.findOneAndUpdate(
          { sent_at: null, retry_at: { $lte: new Date(at) }, lease_until: { $lte: new Date(at) } },
          { $set: { lease_until: new Date(at + OUTBOX_LEASE_MS) } },
          { sort: { created_at: 1, seq: 1 }, returnDocument: 'after' },
        ).lean<OutboxDoc>();
        if (!doc) break;
        claimed.push({
          eventId: doc._id,
          routingKey: doc.routing_key,
          payload: doc.payload ?? null,
          attempts: doc.attempts,
          ...(doc.headers ? { headers: doc.headers } : {}),
        });
      }
      return claimed;
    },

    async markSent(ids) {
      if (ids.length === 0) return;
      // Sent rows are pruned by the TTL index on sent_at (after a day).
      await Outbox.updateMany({ _id: { $in: ids }, sent_at: null }, { $set: { sent_at: new Date(now()), lease_until: new Date(0) } });
    },

    async markFailed(id, error, retryAt) {
      await Outbox.updateOne(
        { _id: id, sent_at: null },
        { $inc: { attempts: 1 }, $set: { last_error: error, retry_at: retryAt, lease_until: new Date(0) } },
      );
    },

    async ping() {
      if (conn.readyState !== mongoose.ConnectionStates.connected || !conn.db) throw new Error('the MongoDB connection is not open');
      await conn.db.command({ ping: 1 });
    },

    async close() {
      await conn.close();
    },
  };
}

/** Transactions need a replica set or mongos; say so plainly instead of failing on the first write. */
async function requireReplicaSet(conn: mongoose.Connection): Promise<void> {
  if (!conn.db) throw new Error('the MongoDB connection did not open');
  const hello = await conn.db.admin().command({ hello: 1 });
  if (hello.setName || hello.msg === 'isdbgrid') return;
  throw new Error(
    'MongoDB at MENU_MONGO_URL is a standalone server, but the menu store writes each change and its outbox events ' +
      'in one transaction, which needs a replica set: start mongod with --replSet rs0 and run rs.initiate() once ' +
      '(docker compose does this for you)',
  );
}
