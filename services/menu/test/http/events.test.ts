import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectItemEvents,
  createCategory,
  createItem,
  eventually,
  expectErrorShape,
  startMenu,
  type Call,
  type RunningMenu,
} from './helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('menu service over HTTP: menu.item.changed events', () => {
  let menu: RunningMenu;
  let call: Call;
  let admin: string;
  let categoryId: string;
  let events: Awaited<ReturnType<typeof collectItemEvents>>;

  beforeAll(async () => {
    menu = await startMenu();
    call = menu.call;
    admin = menu.tokens.admin;
    // Bound before any change, as a consumer's durable queue would be.
    events = await collectItemEvents(menu.bus);
    categoryId = (await createCategory(call, admin)).id;
  });
  afterAll(async () => {
    await events?.cancel();
    await menu?.stop();
  });

  /** Waits until exactly `count` events arrived for the item, and returns them in order. */
  const eventsOf = (itemId: string, count: number) =>
    eventually(() => {
      const received = events.of(itemId);
      expect(received).toHaveLength(count);
      return received;
    });

  /** An item whose "created" event has already arrived, so later assertions see only what follows. */
  const freshItem = async (overrides: Record<string, unknown> = {}) => {
    const item = await createItem(call, admin, { category_id: categoryId, ...overrides });
    await eventsOf(item.id, 1);
    return item;
  };

  const put = (id: string, body: unknown, token = admin) => call('PUT', `/api/menu/items/${id}`, { token, body });

  it('when an item is created, then "created" is published with the full envelope', async () => {
    const item = await createItem(call, admin, { category_id: categoryId, price: 45.5, stock: 12 });
    const [received] = await eventsOf(item.id, 1);
    expect(received!.routingKey).toBe('menu.item.changed');
    expect(received!.raw).toMatchObject({
      event_type: 'menu.item.changed',
      schema_version: 1,
      item_id: item.id,
      change: 'created',
      name: item.name,
      available: true,
      price: 45.5,
      stock: 12,
      fields: ['available', 'price', 'stock'],
    });
    expect(received!.event.event_id).toMatch(UUID);
    expect(received!.messageId).toBe(received!.event.event_id);
    expect(Number.isNaN(Date.parse(received!.event.timestamp))).toBe(false);
  });

  it('when the price changes, then "updated" is published with the new price and fields ["price"]', async () => {
    const item = await freshItem({ price: 50 });
    expect((await put(item.id, { price: 55.75 })).status).toBe(200);
    const [, updated] = await eventsOf(item.id, 2);
    expect(updated!.event).toMatchObject({ change: 'updated', price: 55.75, available: true, stock: null, fields: ['price'] });
  });

  it('when staff mark an item sold out, then "updated" is published with available false', async () => {
    const item = await freshItem();
    expect((await put(item.id, { available: false }, menu.tokens.staff)).status).toBe(200);
    const [, updated] = await eventsOf(item.id, 2);
    expect(updated!.event).toMatchObject({ change: 'updated', available: false, fields: ['available'] });
  });

  it('when stock runs out and comes back, then each change is published with stock and availability', async () => {
    const item = await freshItem({ stock: 2 });
    await put(item.id, { stock: 0 });
    const [, soldOut] = await eventsOf(item.id, 2);
    expect(soldOut!.event).toMatchObject({ available: false, stock: 0 });
    expect(soldOut!.event.fields.sort()).toEqual(['available', 'stock']);

    await put(item.id, { stock: 9 });
    const [, , restocked] = await eventsOf(item.id, 3);
    expect(restocked!.event).toMatchObject({ available: true, stock: 9 });
    expect(restocked!.event.fields.sort()).toEqual(['available', 'stock']);
  });

  it('when only the description changes, then nothing is published (the next price change arrives alone)', async () => {
    const item = await freshItem({ price: 30 });
    expect((await put(item.id, { description: 'Now with extra ginger' })).status).toBe(200);
    expect((await put(item.id, { price: 32 })).status).toBe(200);

    const [, only] = await eventsOf(item.id, 2);
    expect(only!.event).toMatchObject({ change: 'updated', price: 32, fields: ['price'] });
  });

  it('when a change is refused, then nothing is published (the next accepted change arrives alone)', async () => {
    const item = await freshItem({ stock: 0 });
    expectErrorShape(await put(item.id, { available: true }), 409, 'OUT_OF_STOCK');
    expectErrorShape(await put(item.id, { price: -5 }), 400);
    expectErrorShape(await put(item.id, { price: 99 }, menu.tokens.staff), 403);
    expect((await put(item.id, { price: 20 })).status).toBe(200);

    const [, only] = await eventsOf(item.id, 2);
    expect(only!.event).toMatchObject({ price: 20, fields: ['price'] });
  });

  it('when an item is deleted, then "deleted" is published with available false', async () => {
    const item = await freshItem({ price: 70 });
    expect((await call('DELETE', `/api/menu/items/${item.id}`, { token: admin })).status).toBe(200);
    const [, deleted] = await eventsOf(item.id, 2);
    expect(deleted!.event).toMatchObject({ change: 'deleted', item_id: item.id, available: false, price: 70 });
  });

  it('when a category is deleted with cascade, then "deleted" is published for each of its items', async () => {
    const doomed = await createCategory(call, admin);
    const items = [
      await freshItem({ category_id: doomed.id }),
      await freshItem({ category_id: doomed.id }),
    ];
    expect((await call('DELETE', `/api/menu/categories/${doomed.id}?cascade=true`, { token: admin })).status).toBe(200);
    for (const item of items) {
      const [, deleted] = await eventsOf(item.id, 2);
      expect(deleted!.event).toMatchObject({ change: 'deleted', available: false });
    }
  });

  it('when many changes are made, then every event id is distinct', async () => {
    const ids = events.received.map((entry) => entry.event.event_id);
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
