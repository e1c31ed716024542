import { outboxStoreContract } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuItemRecord } from '../../src/domain/menu.ts';
import { DuplicateCategoryError, type MenuStore, UnknownCategoryError } from '../../src/store/menu.store.ts';
import {
  drainOutbox,
  eventRecorder,
  newCategory,
  newItem,
  noEvents,
  type OpenedMenuStore,
  type OpenMenuStore,
  tagged,
  uniqueTag,
} from './menu-store.fixtures.ts';

export type { OpenedMenuStore, OpenMenuStore } from './menu-store.fixtures.ts';

const MENU_ID = /^[0-9a-f]{24}$/;

/**
 * The behaviour every `MenuStore` adapter must show. One database serves most of the suite, so
 * every test makes its own uniquely named records and never relies on the tables being empty;
 * the outbox tests and the close test open fresh stores of their own.
 */
export function menuStoreContract(name: string, open: OpenMenuStore): void {
  describe(name, () => {
    let opened: OpenedMenuStore | undefined;
    const store = (): MenuStore => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };

    beforeAll(async () => {
      opened = await open();
      await opened.store.migrate();
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    const createCategory = (overrides: Parameters<typeof newCategory>[0] = {}) => store().createCategory(newCategory(overrides));
    const createItem = async (overrides: Parameters<typeof newItem>[1] = {}, categoryId?: string) =>
      store().createItem(newItem(categoryId ?? (await createCategory()).id, overrides), noEvents);
    const ids = (records: { id: string }[]) => records.map((record) => record.id);

    describe('migrations', () => {
      it('when migrate runs again on a migrated database, then it succeeds and keeps the data', async () => {
        const item = await createItem();

        await store().migrate();
        await store().migrate();

        expect(await store().getItem(item.id)).toEqual(item);
      });
    });

    describe('categories', () => {
      it('when a category is created, then it gets a 24-hex id, the given fields and dates, and reads back equal', async () => {
        const input = newCategory({ displayOrder: 7, active: false, description: 'Sweet things' });

        const category = await store().createCategory(input);

        expect(category.id).toMatch(MENU_ID);
        expect(category).toMatchObject(input);
        expect(category.createdAt).toBeInstanceOf(Date);
        expect(category.updatedAt).toEqual(category.createdAt);
        expect(await store().getCategory(category.id)).toEqual(category);
      });

      it('when an unknown category id is looked up, then the result is undefined', async () => {
        expect(await store().getCategory('0123456789abcdef01234567')).toBeUndefined();
      });

      it('when a category is looked up by name in another case, then it is found', async () => {
        const tag = uniqueTag();
        const category = await createCategory({ name: `Main Course ${tag}` });

        expect(await store().findCategoryByName(`main course ${tag}`)).toEqual(category);
        expect(await store().findCategoryByName(`MAIN COURSE ${tag.toUpperCase()}`)).toEqual(category);
        expect(await store().findCategoryByName(`Main Course ${tag}x`)).toBeUndefined();
      });

      it('when a category name is taken, then creating it again gets DuplicateCategoryError, in any case', async () => {
        const category = await createCategory();

        await expect(createCategory({ name: category.name })).rejects.toBeInstanceOf(DuplicateCategoryError);
        await expect(createCategory({ name: category.name.toUpperCase() })).rejects.toBeInstanceOf(DuplicateCategoryError);
        expect(await store().findCategoryByName(category.name)).toEqual(category);
      });

      it('when a category is updated, then the patched fields change, updatedAt moves forward and createdAt stays', async () => {
        const category = await createCategory({ displayOrder: 3 });
        const newName = `Renamed ${uniqueTag()}`;

        const updated = await store().updateCategory(category.id, { name: newName, active: false, description: undefined });

        expect(updated).toEqual({ ...category, name: newName, active: false, updatedAt: updated?.updatedAt });
        expect(updated!.updatedAt.getTime()).toBeGreaterThan(category.updatedAt.getTime());
        expect(updated!.createdAt).toEqual(category.createdAt);
        expect(await store().getCategory(category.id)).toEqual(updated);
        expect(await store().findCategoryByName(newName.toUpperCase())).toEqual(updated);
        expect(await store().findCategoryByName(category.name)).toBeUndefined();
      });

      it('when a category is renamed to its own name in another case, then that is allowed', async () => {
        const category = await createCategory({ name: `Snacks ${uniqueTag()}` });

        const updated = await store().updateCategory(category.id, { name: category.name.toUpperCase() });

        expect(updated?.name).toBe(category.name.toUpperCase());
      });

      it('when a category is renamed to the name of another, then it gets DuplicateCategoryError and stays as it was', async () => {
        const taken = await createCategory();
        const category = await createCategory();

        await expect(store().updateCategory(category.id, { name: taken.name })).rejects.toBeInstanceOf(DuplicateCategoryError);
        await expect(store().updateCategory(category.id, { name: taken.name.toLowerCase() })).rejects.toBeInstanceOf(
          DuplicateCategoryError,
        );
        expect(await store().getCategory(category.id)).toEqual(category);
      });

      it('when an unknown category is updated, then the result is undefined; an empty patch changes nothing', async () => {
        const category = await createCategory();

        expect(await store().updateCategory('0123456789abcdef01234567', { name: `x ${uniqueTag()}` })).toBeUndefined();
        expect(await store().updateCategory(category.id, {})).toEqual(category);
      });

      it('when categories are listed, then they are sorted by displayOrder then name, and inactive ones only on request', async () => {
        const tag = uniqueTag();
        // Names compare case-insensitively: "a" before "B", "c" before "D".
        const last = await createCategory({ name: `${tag} D`, displayOrder: 2 });
        const hidden = await createCategory({ name: `${tag} c`, displayOrder: 2, active: false });
        const second = await createCategory({ name: `${tag} B`, displayOrder: 1 });
        const first = await createCategory({ name: `${tag} a`, displayOrder: 1 });
        const mine = new Set(ids([first, second, last, hidden]));

        const active = (await store().listCategories({ includeInactive: false })).filter((c) => mine.has(c.id));
        const all = (await store().listCategories({ includeInactive: true })).filter((c) => mine.has(c.id));

        expect(ids(active)).toEqual(ids([first, second, last]));
        expect(ids(all)).toEqual(ids([first, second, hidden, last]));
        expect(all[2]).toEqual(hidden);
      });
    });

    describe('deleteCategory and countItemsByCategory', () => {
      it('when an unknown category is deleted, then the result is not_found', async () => {
        const { events, calls } = eventRecorder();

        expect(await store().deleteCategory('0123456789abcdef01234567', { cascade: true, events })).toBe('not_found');
        expect(calls).toEqual([]);
      });

      it('when a category with items is deleted without cascade, then it is has_items and nothing goes', async () => {
        const category = await createCategory();
        const item = await createItem({}, category.id);

        expect(await store().deleteCategory(category.id, { cascade: false, events: noEvents })).toBe('has_items');
        expect(await store().getCategory(category.id)).toEqual(category);
        expect(await store().getItem(item.id)).toEqual(item);
      });

      it('when a category is deleted with cascade, then its items go too and each item gets its event in the outbox', async () => {
        const category = await createCategory();
        const other = await createCategory();
        const items = [await createItem({}, category.id), await createItem({}, category.id)];
        const survivor = await createItem({}, other.id);
        const { tag, events, calls } = eventRecorder();

        expect(await store().deleteCategory(category.id, { cascade: true, events })).toBe('deleted');

        expect(await store().getCategory(category.id)).toBeUndefined();
        expect(await store().getItems(ids(items))).toEqual([]);
        expect(await store().getItem(survivor.id)).toEqual(survivor);
        const deleted = calls.filter((call) => call.after === undefined).map((call) => call.before!.id);
        expect(new Set(deleted)).toEqual(new Set(ids(items)));
        const published = tagged(await drainOutbox(store()), tag);
        expect(published.map((record) => (record.payload as { item_id: string }).item_id).sort()).toEqual(ids(items).sort());
      });

      it('when an empty category is deleted without cascade, then it is deleted', async () => {
        const category = await createCategory();

        expect(await store().deleteCategory(category.id, { cascade: false, events: noEvents })).toBe('deleted');
        expect(await store().getCategory(category.id)).toBeUndefined();
        expect(await store().findCategoryByName(category.name)).toBeUndefined();
      });

      it('when items are counted, then each category with items has its count and an empty one is absent', async () => {
        const busy = await createCategory();
        const quiet = await createCategory();
        const empty = await createCategory();
        for (let i = 0; i < 3; i++) await createItem({}, busy.id);
        await createItem({}, quiet.id);

        const counts = await store().countItemsByCategory();

        expect(counts.get(busy.id)).toBe(3);
        expect(counts.get(quiet.id)).toBe(1);
        expect(counts.has(empty.id)).toBe(false);
      });
    });

    describe('items', () => {
      it('when an item is created, then it gets a 24-hex id and dates, reads back equal, and its events are in the outbox', async () => {
        const category = await createCategory();
        const input = newItem(category.id, { stock: 12, dietTags: ['veg', 'spicy'] });
        const { tag, events, calls, made } = eventRecorder();

        const item = await store().createItem(input, events);

        expect(item.id).toMatch(MENU_ID);
        expect(item).toMatchObject(input);
        expect(item.createdAt).toBeInstanceOf(Date);
        expect(item.updatedAt).toEqual(item.createdAt);
        expect(calls).toEqual([{ before: undefined, after: item }]);
        const stored = await store().getItem(item.id);
        expect(stored).toEqual(item);
        expect(stored!.updatedAt).toBeInstanceOf(Date);
        const published = tagged(await drainOutbox(store()), tag);
        expect(published).toEqual([{ ...made[0], attempts: 0 }]);
      });

      it('when an item names an unknown category, then it gets UnknownCategoryError and nothing is written', async () => {
        const { tag, events } = eventRecorder();
        const input = newItem('0123456789abcdef01234567', { name: `Orphan ${tag}` });

        await expect(store().createItem(input, events)).rejects.toBeInstanceOf(UnknownCategoryError);

        expect(await store().listItems({ q: tag })).toEqual([]);
        expect(tagged(await drainOutbox(store()), tag)).toEqual([]);
      });

      it('when an unknown item is read, then it is undefined', async () => {
        expect(await store().getItem('0123456789abcdef01234567')).toBeUndefined();
      });

      it('when several items are read at once, then missing ids are skipped and the rest come in the order asked', async () => {
        const category = await createCategory();
        const a = await createItem({}, category.id);
        const b = await createItem({}, category.id);

        expect(await store().getItems([b.id, '0123456789abcdef01234567', a.id, b.id])).toEqual([b, a]);
        expect(await store().getItems([])).toEqual([]);
      });

      it('when items are listed by category or availability, then only those match', async () => {
        const tag = uniqueTag();
        const category = await createCategory();
        const other = await createCategory();
        const on = await createItem({ name: `${tag} on` }, category.id);
        const off = await createItem({ name: `${tag} off`, available: false }, category.id);
        const elsewhere = await createItem({ name: `${tag} elsewhere` }, other.id);

        expect(ids(await store().listItems({ categoryId: category.id }))).toEqual(ids([off, on]));
        expect(ids(await store().listItems({ q: tag, available: true })).sort()).toEqual(ids([on, elsewhere]).sort());
        expect(ids(await store().listItems({ q: tag, available: false }))).toEqual(ids([off]));
        expect(ids(await store().listItems({ categoryId: category.id, available: true }))).toEqual(ids([on]));
      });

      it('when items are listed by station or diet tag, then only those match', async () => {
        const tag = uniqueTag();
        const category = await createCategory();
        const grillVegan = await createItem({ name: `${tag} 1`, station: 'grill', dietTags: ['vegan', 'gluten-free'] }, category.id);
        const grillMeat = await createItem({ name: `${tag} 2`, station: 'grill', dietTags: ['non-veg'] }, category.id);
        const coldVegan = await createItem({ name: `${tag} 3`, station: 'cold', dietTags: ['vegan'] }, category.id);

        expect(ids(await store().listItems({ q: tag, station: 'grill' }))).toEqual(ids([grillVegan, grillMeat]));
        expect(ids(await store().listItems({ q: tag, diet: 'vegan' }))).toEqual(ids([grillVegan, coldVegan]));
        expect(ids(await store().listItems({ q: tag, diet: 'gluten-free', station: 'grill' }))).toEqual(ids([grillVegan]));
        expect(await store().listItems({ q: tag, diet: 'veg' })).toEqual([]);
      });

      it('when q is given, then it matches name or description case-insensitively, with no wildcards', async () => {
        const tag = uniqueTag();
        const category = await createCategory();
        const byName = await createItem({ name: `Masala ${tag.toUpperCase()} Dosa`, description: 'plain' }, category.id);
        const byDescription = await createItem({ name: 'Plain', description: `with ${tag} chutney` }, category.id);
        const percent = await createItem({ name: `${tag} 100% juice`, description: '' }, category.id);
        const thousand = await createItem({ name: `${tag} 1000 juice`, description: '' }, category.id);

        const found = await store().listItems({ q: `${tag.slice(0, 3).toUpperCase()}${tag.slice(3)}` });
        expect(ids(found).sort()).toEqual(ids([byName, byDescription, percent, thousand]).sort());
        expect(ids(await store().listItems({ q: `${tag} 100%` }))).toEqual(ids([percent]));
        expect(ids(await store().listItems({ q: `${tag} chutney`.toUpperCase() }))).toEqual(ids([byDescription]));
      });

      it('when items are listed, then they are sorted by category display order, then by name', async () => {
        const tag = uniqueTag();
        const later = await createCategory({ displayOrder: 5 });
        const sooner = await createCategory({ displayOrder: 2 });
        const cherry = await createItem({ name: `${tag} cherry` }, later.id);
        // Case-insensitive: "apple" before "Banana" (a byte order would put "B" first).
        const banana = await createItem({ name: `${tag} Banana` }, sooner.id);
        const apple = await createItem({ name: `${tag} apple` }, sooner.id);
        const apricot = await createItem({ name: `${tag} apricot` }, later.id);

        expect(ids(await store().listItems({ q: tag }))).toEqual(ids([apple, banana, apricot, cherry]));
      });

      it('when an item is deleted, then it is returned, gone afterwards and its event is in the outbox', async () => {
        const item = await createItem();
        const { tag, events, calls, made } = eventRecorder();

        expect(await store().deleteItem(item.id, events)).toEqual(item);

        expect(calls).toEqual([{ before: item, after: undefined }]);
        expect(await store().getItem(item.id)).toBeUndefined();
        expect(tagged(await drainOutbox(store()), tag)).toEqual([{ ...made[0], attempts: 0 }]);
      });

      it('when an unknown item is deleted, then the result is undefined and no event is made', async () => {
        const { events, calls } = eventRecorder();

        expect(await store().deleteItem('0123456789abcdef01234567', events)).toBeUndefined();
        expect(calls).toEqual([]);
      });
    });

    describe('updateItem', () => {
      it('when an item is updated, then events see before and after, updatedAt moves forward and createdAt stays', async () => {
        const item = await createItem({ stock: 5 });
        const { tag, events, calls, made } = eventRecorder();

        const result = await store().updateItem(item.id, (current) => ({ ...current, stock: current.stock! - 1, priceMinor: 9_900 }), events);

        expect(result?.before).toEqual(item);
        expect(result?.after).toEqual({ ...item, stock: 4, priceMinor: 9_900, updatedAt: result?.after.updatedAt });
        expect(result!.after.updatedAt.getTime()).toBeGreaterThan(item.updatedAt.getTime());
        expect(result!.after.createdAt).toEqual(item.createdAt);
        expect(calls.at(-1)).toEqual({ before: item, after: result!.after });
        expect(await store().getItem(item.id)).toEqual(result!.after);
        expect(tagged(await drainOutbox(store()), tag)).toEqual([{ ...made.at(-1)!, attempts: 0 }]);
      });

      it('when change tries to alter id or createdAt, then the store keeps them', async () => {
        const item = await createItem();

        const result = await store().updateItem(item.id, (current) => ({ ...current, id: 'ffffffffffffffffffffffff', createdAt: new Date(0) }), noEvents);

        expect(result?.after.id).toBe(item.id);
        expect(result?.after.createdAt).toEqual(item.createdAt);
        expect(await store().getItem('ffffffffffffffffffffffff')).toBeUndefined();
      });

      it('when change throws, then the error comes out and nothing is written', async () => {
        const item = await createItem({ stock: 0, available: false });
        const { tag, events, calls } = eventRecorder();
        const refusal = new Error('sold out');

        await expect(
          store().updateItem(
            item.id,
            () => {
              throw refusal;
            },
            events,
          ),
        ).rejects.toBe(refusal);

        expect(calls).toEqual([]);
        expect(await store().getItem(item.id)).toEqual(item);
        expect(tagged(await drainOutbox(store()), tag)).toEqual([]);
      });

      it('when events throws, then the change is not written either', async () => {
        const item = await createItem();

        await expect(
          store().updateItem(
            item.id,
            (current) => ({ ...current, name: 'Never stored' }),
            () => {
              throw new Error('cannot describe this change');
            },
          ),
        ).rejects.toThrow('cannot describe this change');

        expect(await store().getItem(item.id)).toEqual(item);
      });

      it('when an item is moved to an unknown category, then it gets UnknownCategoryError and stays as it was', async () => {
        const item = await createItem();

        await expect(
          store().updateItem(item.id, (current) => ({ ...current, categoryId: '0123456789abcdef01234567' }), noEvents),
        ).rejects.toBeInstanceOf(UnknownCategoryError);
        expect(await store().getItem(item.id)).toEqual(item);
      });

      it('when an item is moved to another category, then it is listed there', async () => {
        const item = await createItem();
        const target = await createCategory();

        await store().updateItem(item.id, (current) => ({ ...current, categoryId: target.id }), noEvents);

        expect(ids(await store().listItems({ categoryId: target.id }))).toEqual([item.id]);
      });

      it('when an unknown item is updated, then the result is undefined and change is not called', async () => {
        let called = false;

        const result = await store().updateItem(
          '0123456789abcdef01234567',
          (current) => {
            called = true;
            return current;
          },
          noEvents,
        );

        expect(result).toBeUndefined();
        expect(called).toBe(false);
      });

      it('when 12 buyers decrement a stock of 10 at once, then exactly 10 succeed, stock ends at 0 and no update is lost', async () => {
        const item = await createItem({ stock: 10 });
        const { tag, events } = eventRecorder();
        const decrement = (current: MenuItemRecord): MenuItemRecord => {
          if (!current.stock) throw new Error('sold out');
          return { ...current, stock: current.stock - 1 };
        };

        const results = await Promise.allSettled(Array.from({ length: 12 }, () => store().updateItem(item.id, decrement, events)));

        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
        expect(results.filter((result) => result.status === 'rejected')).toHaveLength(2);
        expect((await store().getItem(item.id))?.stock).toBe(0);
        const stocks = tagged(await drainOutbox(store()), tag).map((record) => (record.payload as { stock: number }).stock);
        expect(stocks.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      });
    });

    outboxStoreContract({
      routingKey: 'menu.item.changed',
      source: 'menu',
      open: async (now) => {
        const { store, cleanup } = await open({ now });
        await store.migrate();
        return {
          store,
          cleanup,
          // The way the service appends events: with a change, in its transaction.
          append: async (events) => {
            const category = await store.createCategory(newCategory());
            await store.createItem(newItem(category.id), () => events);
          },
        };
      },
    });

    describe('ping and close', () => {
      it('when the store is open, then ping resolves', async () => {
        await expect(store().ping()).resolves.toBeUndefined();
      });

      it('when a store is closed, then ping rejects', async () => {
        const fresh = await open();
        try {
          await fresh.store.migrate();
          await fresh.store.ping();
          await fresh.store.close();

          await expect(fresh.store.ping()).rejects.toThrow();
        } finally {
          await fresh.cleanup();
        }
      });
    });
  });
}
