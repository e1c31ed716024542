import { randomUUID } from 'node:crypto';
import { ROUTING_KEYS } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectItemEvents, createCategory, createItem, eventually, expectErrorShape, SERVICE_TOKEN, startMenu, type RunningMenu } from './helpers.ts';

describe('menu service: stock holds over /internal and the order events', () => {
  let menu: RunningMenu;
  let categoryId: string;
  let events: Awaited<ReturnType<typeof collectItemEvents>>;

  beforeAll(async () => {
    menu = await startMenu();
    events = await collectItemEvents(menu.bus);
    categoryId = (await createCategory(menu.call, menu.tokens.admin)).id;
  });
  afterAll(async () => {
    await events?.cancel();
    await menu?.stop();
  });

  const dish = (stock: number | null) => createItem(menu.call, menu.tokens.admin, { category_id: categoryId, stock });
  const hold = (lines: { menu_item_id: string; quantity: number }[], reservationId = randomUUID(), token = SERVICE_TOKEN) =>
    menu.call('POST', '/internal/stock/reservations', { headers: { 'x-service-token': token }, body: { reservation_id: reservationId, lines } });
  const stockOf = async (id: string) => (await menu.call('GET', `/api/menu/items/${id}`)).body as { stock: number | null; available: boolean };
  const publish = (routingKey: string, body: Record<string, unknown>) => {
    const eventId = randomUUID();
    return menu.bus.publish(routingKey, { event_id: eventId, schema_version: 1, timestamp: new Date().toISOString(), ...body }, { messageId: eventId });
  };
  const created = (orderId: number, reservationId: string) =>
    publish(ROUTING_KEYS.orderCreated, { event_type: 'order_created', order_id: orderId, user_id: 7, total_amount: 10, items: [], special_instructions: null, stock_reservation_id: reservationId });
  const cancelled = (orderId: number) =>
    publish(ROUTING_KEYS.orderStatus('cancelled'), {
      event_type: 'order_status_changed', order_id: orderId, user_id: 7, old_status: 'confirmed', new_status: 'cancelled', total_amount: 10, queue_number: null, items: [],
    });
  let nextOrder = 5000;

  it('when a hold comes without the service token, or with a wrong one, then it is 401 and nothing is taken', async () => {
    const item = await dish(3);
    expectErrorShape(await menu.call('POST', '/internal/stock/reservations', { body: { reservation_id: randomUUID(), lines: [{ menu_item_id: item.id, quantity: 1 }] } }), 401);
    expectErrorShape(await hold([{ menu_item_id: item.id, quantity: 1 }], randomUUID(), 'x'.repeat(40)), 401);
    expect((await stockOf(item.id)).stock).toBe(3);
  });

  it('when a hold is malformed, then it is 400 and names the field', async () => {
    const res = await hold([{ menu_item_id: 'not-an-id', quantity: 0 }]);
    expectErrorShape(res, 400);
    expect(JSON.stringify(res.body.error.details)).toMatch(/lines\.0/);
  });

  it('when a hold takes the last portions, then it is 201, the item is sold out, and asking again with the same id takes nothing', async () => {
    const item = await dish(2);
    const id = randomUUID();

    const first = await hold([{ menu_item_id: item.id, quantity: 2 }], id);
    const again = await hold([{ menu_item_id: item.id, quantity: 2 }], id);

    expect(first.status).toBe(201);
    expect(first.body).toEqual({ reservation_id: id, state: 'held', order_id: null });
    expect(again.status).toBe(200);
    expect(await stockOf(item.id)).toMatchObject({ stock: 0, available: false });
    await eventually(() => expect(events.of(item.id).at(-1)?.event).toMatchObject({ available: false, stock: 0 }));
  });

  it('when a hold cannot be had, then it is 409 OUT_OF_STOCK with each short line and what is left', async () => {
    const item = await dish(1);
    const res = await hold([{ menu_item_id: item.id, quantity: 3 }]);
    expectErrorShape(res, 409, 'OUT_OF_STOCK');
    expect(res.body.error.details).toEqual([{ path: 'lines.0', message: `only 1 ${item.name} left`, menu_item_id: item.id, left: 1 }]);
  });

  it('when the orders service gives a hold back (twice), then the stock returns once', async () => {
    const item = await dish(4);
    const id = randomUUID();
    await hold([{ menu_item_id: item.id, quantity: 3 }], id);

    const released = await menu.call('DELETE', `/internal/stock/reservations/${id}`, { headers: { 'x-service-token': SERVICE_TOKEN } });
    const twice = await menu.call('DELETE', `/internal/stock/reservations/${id}`, { headers: { 'x-service-token': SERVICE_TOKEN } });

    expect(released.body).toMatchObject({ state: 'released' });
    expect(twice.status).toBe(200);
    expect((await stockOf(item.id)).stock).toBe(4);
    expectErrorShape(await menu.call('DELETE', `/internal/stock/reservations/${randomUUID()}`, { headers: { 'x-service-token': SERVICE_TOKEN } }), 404);
  });

  it('when the order holding the stock is cancelled, and the cancellation comes three times, then the stock comes back once', async () => {
    const item = await dish(5);
    const id = randomUUID();
    const orderId = ++nextOrder;
    await hold([{ menu_item_id: item.id, quantity: 5 }], id);
    await created(orderId, id);
    await eventually(async () => expect((await menu.store.getReservation(id))?.orderId).toBe(orderId));

    await Promise.all([cancelled(orderId), cancelled(orderId), cancelled(orderId)]);

    await eventually(async () => expect((await menu.store.getReservation(id))?.state).toBe('released'));
    expect(await stockOf(item.id)).toMatchObject({ stock: 5, available: true });
    await eventually(() => expect(events.of(item.id).at(-1)?.event).toMatchObject({ available: true, stock: 5 }));
  });

  it('when the cancellation overtakes the order.created, then the stock still comes back', async () => {
    const item = await dish(2);
    const id = randomUUID();
    const orderId = ++nextOrder;
    await hold([{ menu_item_id: item.id, quantity: 1 }], id);

    // Delivered in this order, and one order's events are handled one at a time in delivery order.
    await cancelled(orderId);
    await created(orderId, id);

    await eventually(async () => expect((await menu.store.getReservation(id))?.state).toBe('released'));

    expect((await stockOf(item.id)).stock).toBe(2);
  });
});
