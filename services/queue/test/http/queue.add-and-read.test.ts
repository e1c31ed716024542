import { QueueItemSchema } from '@canteen/contracts';
import { generateSigningKeyPair } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirm, expectError, NOON_IST, startQueue, tokenFor, USERS, type RunningQueue } from './helpers.ts';

describe('POST /api/queue/ and GET /api/queue/order/{orderId}', () => {
  let queue: RunningQueue;
  let staff: string;
  let admin: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    queue = await startQueue();
    [staff, admin, alice, bob] = await Promise.all([
      tokenFor(USERS.staff, 'STAFF'),
      tokenFor(USERS.admin, 'ADMIN'),
      tokenFor(USERS.alice, 'CUSTOMER'),
      tokenFor(USERS.bob, 'CUSTOMER'),
    ]);
  });
  afterAll(async () => {
    await queue?.stop();
  });

  it('when a customer or nobody adds an order, then 403 and 401, and nothing is queued', async () => {
    const asCustomer = await queue.call('POST', '/api/queue/', { token: alice, body: { order_id: 1020, user_id: USERS.alice } });
    const anonymous = await queue.call('POST', '/api/queue/', { body: { order_id: 1020, user_id: USERS.alice } });

    expectError(asCustomer, 403);
    expectError(anonymous, 401);
    expect(await queue.store.getEntry(1020)).toBeUndefined();
  });

  it.each([
    ['no user_id', { order_id: 1030 }],
    ['a zero order_id', { order_id: 0, user_id: USERS.alice }],
    ['a text order_id', { order_id: 'abc', user_id: USERS.alice }],
    ['a fractional user_id', { order_id: 1030, user_id: 1.5 }],
  ])('when the body has %s, then 400', async (_name, body) => {
    expectError(await queue.call('POST', '/api/queue/', { token: staff, body }), 400);
  });

  it('when the body is not JSON, then 400 with the error shape', async () => {
    expectError(await queue.call('POST', '/api/queue/', { token: staff, rawBody: '{"order_id":' }), 400);
  });

  it('when the owner and staff read an order, then both get the QueueItem; another customer gets 404 and nobody 401', async () => {
    await confirm(queue, 1040, USERS.alice);

    const owner = await queue.call('GET', '/api/queue/order/1040', { token: alice });
    const byStaff = await queue.call('GET', '/api/queue/order/1040', { token: staff });
    const other = await queue.call('GET', '/api/queue/order/1040', { token: bob });
    const anonymous = await queue.call('GET', '/api/queue/order/1040');

    expect(owner.status).toBe(200);
    expect(QueueItemSchema.parse(owner.body)).toMatchObject({ order_id: 1040, user_id: USERS.alice, status: 'waiting' });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body).toEqual(owner.body);
    // Not 403: an order id must not tell one student whether another's order exists.
    expectError(other, 404);
    expect(other.text).not.toContain(String(USERS.alice));
    expectError(anonymous, 401);
  });

  it('when the order is not queued, then 404; when the id is not a positive integer, then 400', async () => {
    expectError(await queue.call('GET', '/api/queue/order/999999', { token: staff }), 404);
    for (const bad of ['abc', '0', '-3', '1.5']) expectError(await queue.call('GET', `/api/queue/order/${bad}`, { token: staff }), 400);
  });

  it('when a student asks for their own entries, then all of theirs come in one answer, next first, and none of anyone else', async () => {
    await confirm(queue, 1050, USERS.bob);
    await confirm(queue, 1051, USERS.bob);
    await confirm(queue, 1052, USERS.alice);

    const mine = await queue.call('GET', '/api/queue/mine', { token: bob });
    const anonymous = await queue.call('GET', '/api/queue/mine');

    expect(mine.status).toBe(200);
    const items = QueueItemSchema.array().parse(mine.body);
    expect(items.map((item) => item.order_id)).toEqual([1050, 1051]);
    expect(items.every((item) => item.user_id === USERS.bob)).toBe(true);
    expect(items[0]!.position).toBeLessThan(items[1]!.position);
    expectError(anonymous, 401);
  });

  it('when the token is forged or garbage, then 401', async () => {
    const forged = await tokenFor(USERS.staff, 'STAFF', generateSigningKeyPair());

    expectError(await queue.call('GET', '/api/queue/order/1040', { token: forged }), 401);
    expectError(await queue.call('GET', '/api/queue/order/1040', { token: 'not-a-jwt' }), 401);
  });
});

describe('GET /health', () => {
  let queue: RunningQueue;
  beforeAll(async () => {
    queue = await startQueue();
  });
  afterAll(async () => {
    await queue?.stop();
  });

  it('when the store and the bus are up, then 200 with the original shape and the dependencies', async () => {
    const response = await queue.call('GET', '/health');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'OK', service: 'Queue Service', timestamp: expect.any(String) });
    expect(Object.keys(response.body.dependencies ?? {})).toEqual(expect.arrayContaining(['store', 'bus']));
  });
});
