import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MENU_ITEM_CHANGED, MenuItemChangedEventSchema } from '@canteen/contracts';
import { confirm, startQueue, tokenFor, USERS, type RunningQueue } from '../http/helpers.ts';
import { connectAs, type WsClient } from './helpers.ts';

describe('menu changes relayed to every /ws client as menu_update', () => {
  let queue: RunningQueue;
  let alice: string;
  let staff: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    [alice, staff] = await Promise.all([tokenFor(USERS.alice, 'CUSTOMER'), tokenFor(USERS.staff, 'STAFF')]);
  });
  beforeEach(async () => {
    queue = await startQueue();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await queue?.stop();
  });

  const connect = async (token: string | null) => {
    const client = await connectAs(queue.wsUrl, token);
    clients.push(client);
    return client;
  };
  const publishMenuChange = async (fields: { item_id: string; available: boolean; stock: number | null; price: number }) => {
    const eventId = randomUUID();
    const event = MenuItemChangedEventSchema.parse({
      event_id: eventId,
      event_type: MENU_ITEM_CHANGED,
      schema_version: 1,
      timestamp: new Date().toISOString(),
      change: 'updated',
      name: 'Masala dosa',
      fields: ['available', 'stock'],
      ...fields,
    });
    await queue.bus.publish(MENU_ITEM_CHANGED, event, { messageId: eventId });
  };

  it('when the menu service announces a dish sold out, then customers, staff and the anonymous board each get one menu_update with only its public state', async () => {
    const [customer, kitchen, board] = await Promise.all([connect(alice), connect(staff), connect(null)]);

    await publishMenuChange({ item_id: 'dosa', available: false, stock: 0, price: 60 });

    for (const client of [customer, kitchen, board]) {
      const frame = await client.waitFor((f) => f.type === 'menu_update', 'menu_update');
      // Exactly these keys: no name, no seq (outside the resumable stream), nothing about people.
      expect(frame).toStrictEqual({ type: 'menu_update', data: { item_id: 'dosa', change: 'updated', available: false, stock: 0, price: 60 } });
    }
  });

  it('when a menu_update goes out, then the order stream positions are untouched and a resuming client is not replayed it', async () => {
    const customer = await connect(alice);
    await confirm(queue, 1, USERS.alice);
    const update = await customer.waitFor((f) => f.type === 'queue_update', 'queue_update');

    await publishMenuChange({ item_id: 'tea', available: true, stock: 5, price: 25 });
    await customer.waitFor((f) => f.type === 'menu_update', 'menu_update');

    // A reconnect from the last seq replays nothing: the menu is refetched, not resumed.
    const again = await connectAs(queue.wsUrl, alice, { since: update.seq });
    clients.push(again);
    expect(again.frames.find((f) => f.type === 'welcome')).toMatchObject({ resume: 'replay', seq: update.seq });
    expect(again.frames.some((f) => f.type === 'menu_update')).toBe(false);
  });
});
