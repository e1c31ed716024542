import { randomUUID } from 'node:crypto';
import type { Order } from '@canteen/contracts';
import { checkInfra, testUrls } from '@canteen/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, item, placeOrder, startLoop, USERS, type Loop } from './helpers.ts';
import { loopOnMariaDb } from './mariadb-store.ts';

const mariadb = await checkInfra('MariaDB', testUrls.mysql);

/**
 * Issue 18.7: a key remembers the request as parsed, so the same JSON with its keys in another
 * order (or other white space, or a default spelled out) is a retry, not another request.
 * The hash is the app's, the comparison the store's: both adapters.
 */
function parsedRequestSuite(name: string, skip: boolean, ordersStore: () => Promise<{ loop: Loop; cleanup(): Promise<void> }>) {
  describe.skipIf(skip)(name, () => {
    let loop: Loop;
    let cleanup: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ loop, cleanup } = await ordersStore());
    });
    afterAll(async () => {
      await cleanup();
    });

    const send = (key: string, text: string, token = loop.tokens.customer, path = '/api/orders/', method = 'POST') =>
      loop.call<Order>(method, path, { token, rawBody: text, headers: { 'idempotency-key': key } });
    const countOf = async () => (await loop.call<Order[]>('GET', `/api/orders/user/${USERS.customer}?limit=500`, { token: loop.tokens.staff })).body.length;

    it('when the same order comes again with its keys in another order and other spacing, then it is a replay and there is ONE order', async () => {
      const dosa = item(loop, 'Plain Dosa').id;
      const key = randomUUID();
      const before = await countOf();

      const first = await send(key, `{"items":[{"menu_item_id":"${dosa}","quantity":2}],"payment_method":"cash","special_instructions":"no onion"}`);
      const again = await send(key, `{ "special_instructions": "no onion", "payment_method": "cash", "items": [ { "quantity": 2, "menu_item_id": "${dosa}" } ] }`);

      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await countOf()).toBe(before + 1);
    });

    it('when the retry spells out a default the first left out, then it is the same request', async () => {
      const dosa = item(loop, 'Plain Dosa').id;
      const key = randomUUID();

      const first = await send(key, `{"items":[{"menu_item_id":"${dosa}","quantity":1}]}`);
      const again = await send(key, `{"payment_method":"mock","items":[{"options":[],"quantity":1,"menu_item_id":"${dosa}"}]}`);

      expect(first.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });

    it('when the keys are reordered but a value differs, then it is still 422 and nothing new is created', async () => {
      const dosa = item(loop, 'Plain Dosa').id;
      const key = randomUUID();
      await send(key, `{"items":[{"menu_item_id":"${dosa}","quantity":1}],"payment_method":"cash"}`);
      const before = await countOf();

      expectError(await send(key, `{"payment_method":"cash","items":[{"quantity":3,"menu_item_id":"${dosa}"}]}`), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await countOf()).toBe(before);
    });

    it('when a status bump is resent with its fields in another order, then it is the first 200 again', async () => {
      const order = await placeOrder(loop.call, loop.tokens.customer, { items: [{ menu_item_id: item(loop, 'Medu Vada').id, quantity: 1 }], payment_method: 'cash' });
      const key = randomUUID();
      const path = `/api/orders/${order.id}/status`;

      const first = await send(key, '{"status":"confirmed","reason":"paid at the counter"}', loop.tokens.staff, path, 'PUT');
      const again = await send(key, '{"reason":"paid at the counter","status":"confirmed"}', loop.tokens.staff, path, 'PUT');

      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });
  });
}

parsedRequestSuite('Idempotency-Key compares the parsed request: orders on SQLite', false, async () => {
  const loop = await startLoop();
  return { loop, cleanup: () => loop.stop() };
});

parsedRequestSuite('Idempotency-Key compares the parsed request: orders on MariaDB', !mariadb.available, loopOnMariaDb);
