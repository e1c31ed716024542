import { randomUUID } from 'node:crypto';
import { ETA_PROMISED, type EtaPromisedEvent, type Order, type OrderAnalytics } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, eventually, item, line, orderWhen, placeOrder, startLoop, startOrders, type Loop } from '../http/helpers.ts';

/**
 * The queue's `queue.eta_promised` reaches the orders service on the bus: a promise published
 * while the service is down waits in its queue and is kept when it comes back (that the first
 * promise per order stands is the store's contract, test/store/order-analytics.contract.ts).
 */
let loop: Loop;
beforeAll(async () => {
  loop = await startLoop();
});
afterAll(async () => {
  await loop?.stop();
});

const promise = (orderId: number, at: number) => {
  const event: EtaPromisedEvent = {
    event_id: randomUUID(),
    event_type: ETA_PROMISED,
    schema_version: 1,
    timestamp: new Date().toISOString(),
    order_id: orderId,
    promised_ready_at: new Date(at).toISOString(),
  };
  return loop.bus.publish(ETA_PROMISED, event, { messageId: event.event_id });
};
const waitFigures = async () => (await loop.call<OrderAnalytics>('GET', '/api/orders/analytics', { token: loop.tokens.admin })).body.wait;

describe('queue.eta_promised', () => {
  it('when the promise is published while the orders service is down, then the service keeps it once it is back', async () => {
    const placed = await placeOrder(loop.call, loop.tokens.customer, { items: [line(item(loop, 'Chole Bhature'))] });
    await orderWhen(loop.call, loop.tokens.customer, placed.id, (o) => o.status === 'confirmed', 'the order to be confirmed');
    for (const status of ['preparing', 'ready']) {
      expect((await loop.call<Order>('PUT', `/api/orders/${placed.id}/status`, { token: loop.tokens.staff, body: { status } })).status).toBe(200);
    }
    const readyAt = Date.parse((await loop.call<Order>('GET', `/api/orders/${placed.id}`, { token: loop.tokens.staff })).body.updated_at);
    expect((await waitFigures()).promised_orders).toBe(0);

    await loop.orders.service.stop();
    // Ready five minutes before the promise, to the millisecond.
    await promise(placed.id, readyAt + 300_000);
    loop.orders = await startOrders(loop.keys, loop.dir, loop.bus, loop.menu.url);
    loop.call = client(loop.orders.url);

    const kept = await eventually(async () => {
      const figures = await waitFigures();
      expect(figures.promised_orders).toBe(1);
      return figures;
    });
    expect(kept.average_eta_error_seconds).toBeCloseTo(-300, 0);
  });
});
