import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createPushEndpointPolicy, silentLogger } from '@canteen/service-kit';
import { createPushSender, parseRetryAfter, PUSH_TTL_SECONDS, type PushSenderOptions } from '../../src/push/push-sender.ts';
import type { VapidDetails } from '../../src/push/vapid.ts';
import { orderEvent, paymentFailedEvent } from './events.ts';
import {
  decryptAes128gcm,
  fakeSubscriptions,
  makeSubscriber,
  startPushService,
  verifyVapid,
  type LocalPushService,
  type ReceivedPush,
  type TestSubscriber,
} from './push-service.ts';

const vapid: VapidDetails = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@canteen.example' };

let push: LocalPushService;
let counter = 0;
// The local push service is at 127.0.0.1: allowed here only, as PUSH_ALLOW_PRIVATE_NETWORK=true would.
const localNetwork = createPushEndpointPolicy({ hosts: [], allowPrivateNetwork: true });

beforeAll(async () => {
  push = await startPushService();
});
afterAll(async () => {
  await push?.close();
});

/** A fresh endpoint name per test, so scripts and received lists never mix. */
const subscriber = (label: string): TestSubscriber & { name: string } => {
  const name = `${label}-${++counter}`;
  return { name, ...makeSubscriber(push.endpoint(name)) };
};

function senderFor(store: ReturnType<typeof fakeSubscriptions>, overrides: Partial<PushSenderOptions> = {}) {
  const sleeps: number[] = [];
  const sender = createPushSender({
    vapid,
    logger: silentLogger(),
    endpoints: localNetwork,
    ca: push.ca,
    subscriptions: store,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { sender, sleeps };
}

const decryptJson = (request: ReceivedPush, who: TestSubscriber) => {
  const plain = decryptAes128gcm(request.body, who);
  return { bytes: plain.length, json: JSON.parse(plain.toString('utf8')) as Record<string, unknown> };
};

describe('push sender against a local push service', () => {
  it('when an order is ready, then the push service gets a VAPID-signed aes128gcm notice that decrypts to the order number only', async () => {
    const phone = subscriber('ready');
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender } = senderFor(store);

    const result = await sender.notifyOrder(orderEvent({ user_id: 7, order_id: 4711, queue_number: 42 }));

    expect(result.outcomes).toEqual({ delivered: 1, removed: 0, dropped: 0, failed: 0 });
    const [request] = push.received(phone.name);
    expect(request).toBeDefined();
    // RFC 8292: signed by our VAPID key, for this push service's origin, expiring within 24 h.
    const { publicKey, claims } = verifyVapid(request!.headers.authorization as string);
    expect(publicKey).toBe(vapid.publicKey);
    expect(claims.aud).toBe(push.origin);
    expect(claims.sub).toBe(vapid.subject);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(claims.exp).toBeGreaterThan(nowSeconds);
    expect(claims.exp).toBeLessThanOrEqual(nowSeconds + 24 * 3600);
    // RFC 8030 headers: short TTL, high urgency, one topic per order.
    expect(request!.headers.ttl).toBe(String(PUSH_TTL_SECONDS));
    expect(PUSH_TTL_SECONDS).toBeGreaterThanOrEqual(900);
    expect(PUSH_TTL_SECONDS).toBeLessThanOrEqual(1800);
    expect(request!.headers.urgency).toBe('high');
    expect(request!.headers.topic).toBe('order-4711');
    expect(request!.headers['content-encoding']).toBe('aes128gcm');
    // RFC 8291: only the subscriber's private key and auth secret open it.
    const { bytes, json } = decryptJson(request!, phone);
    expect(bytes).toBeLessThanOrEqual(1024);
    expect(json).toEqual({
      type: 'order.ready',
      order_id: 4711,
      queue_number: 42,
      title: 'Your order is ready',
      body: 'Order #42 is ready — collect it at the counter',
      url: '/orders/4711',
    });
    expect(result.payload).toEqual(json);
    expect(() => decryptAes128gcm(request!.body, makeSubscriber(phone.subscription.endpoint))).toThrow();
  });

  it('when the order has no queue number yet, then the notice names the order id', async () => {
    const phone = subscriber('no-number');
    const { sender } = senderFor(fakeSubscriptions({ 8: [phone.subscription] }));

    await sender.notifyOrder(orderEvent({ user_id: 8, order_id: 99, queue_number: null }));

    const { json } = decryptJson(push.received(phone.name)[0]!, phone);
    expect(json.body).toBe('Order #99 is ready — collect it at the counter');
    expect(json.queue_number).toBeNull();
  });

  it.each([410, 404])('when the push service answers %i for one browser, then that subscription is removed and the other still gets it', async (status) => {
    const alive = subscriber('alive');
    const gone = subscriber('gone');
    push.script(gone.name, [{ status }]);
    const store = fakeSubscriptions({ 7: [alive.subscription, gone.subscription] });
    const { sender, sleeps } = senderFor(store);

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 1, removed: 1, dropped: 0, failed: 0 });
    expect(store.removed).toEqual([gone.subscription.endpoint]);
    expect(store.endpoints(7)).toEqual([alive.subscription.endpoint]);
    expect(push.received(gone.name)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(decryptJson(push.received(alive.name)[0]!, alive).json.type).toBe('order.ready');
  });

  it('when the push service answers 429 with Retry-After once, then the sender waits as asked and delivers on the retry', async () => {
    const phone = subscriber('throttled');
    push.script(phone.name, [{ status: 429, headers: { 'retry-after': '2' } }, { status: 201 }]);
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender, sleeps } = senderFor(store);

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes.delivered).toBe(1);
    expect(sleeps).toEqual([2000]);
    const requests = push.received(phone.name);
    expect(requests.map((r) => r.status)).toEqual([429, 201]);
    expect(decryptJson(requests[1]!, phone).json.order_id).toBe(4711);
    expect(store.removed).toEqual([]);
  });

  it('when Retry-After asks for an hour, then the wait is bounded by maxRetryDelayMs', async () => {
    const phone = subscriber('long-retry-after');
    push.script(phone.name, [{ status: 503, headers: { 'retry-after': '3600' } }, { status: 201 }]);
    const { sender, sleeps } = senderFor(fakeSubscriptions({ 7: [phone.subscription] }), { maxRetryDelayMs: 5000 });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes.delivered).toBe(1);
    expect(sleeps).toEqual([5000]);
  });

  it('when the push service answers 500 every time, then the sender gives up after maxRetries with growing waits and keeps the subscription', async () => {
    const phone = subscriber('broken');
    push.script(phone.name, [{ status: 500 }]);
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender, sleeps } = senderFor(store, { maxRetries: 2, retryBaseMs: 100, maxRetryDelayMs: 10_000 });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 0, removed: 0, dropped: 0, failed: 1 });
    expect(push.received(phone.name).map((r) => r.status)).toEqual([500, 500, 500]);
    expect(sleeps).toHaveLength(2);
    // Exponential with jitter: step n waits between half and all of base * 2^n.
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
    expect(store.endpoints(7)).toEqual([phone.subscription.endpoint]);
  });

  it('when the push service refuses with another 4xx, then the push is dropped once, not retried, and the subscription kept', async () => {
    const phone = subscriber('forbidden');
    push.script(phone.name, [{ status: 403 }]);
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender, sleeps } = senderFor(store);

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 0, removed: 0, dropped: 1, failed: 0 });
    expect(push.received(phone.name)).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(store.removed).toEqual([]);
  });

  it('when a push service cannot be reached, then it is retried and given up on, while the other browser gets its notice', async () => {
    const port = await closedPort();
    const unreachable = makeSubscriber(`https://127.0.0.1:${port}/push/nowhere`);
    const phone = subscriber('reachable');
    const { sender, sleeps } = senderFor(fakeSubscriptions({ 7: [unreachable.subscription, phone.subscription] }), { maxRetries: 1 });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 1, removed: 0, dropped: 0, failed: 1 });
    expect(sleeps).toHaveLength(1);
  });

  it('when a stored subscription has keys nobody can encrypt for, then it is dropped without a request', async () => {
    const broken = subscriber('bad-keys');
    broken.subscription.keys.p256dh = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA';
    const { sender, sleeps } = senderFor(fakeSubscriptions({ 7: [broken.subscription] }));

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes.dropped).toBe(1);
    expect(push.received(broken.name)).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  it.each([
    ['an IP address', (port: number) => `https://127.0.0.1:${port}/push/`],
    ['a host that is not a push service', () => 'https://internal-admin.example/push/'],
  ])('when a stored endpoint is %s, then the sender never calls it and drops the subscription', async (_case, base) => {
    const phone = subscriber('not-a-push-service');
    const port = Number(new URL(phone.subscription.endpoint).port);
    phone.subscription.endpoint = `${base(port)}${encodeURIComponent(phone.name)}`;
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender, sleeps } = senderFor(store, {
      endpoints: createPushEndpointPolicy({ hosts: ['fcm.googleapis.com'], allowPrivateNetwork: false }),
    });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 0, removed: 0, dropped: 1, failed: 0 });
    expect(push.received(phone.name)).toEqual([]);
    expect(store.removed).toEqual([phone.subscription.endpoint]);
    expect(sleeps).toEqual([]);
  });

  it('when an allowed host name resolves to a private address, then nothing is sent there and the subscription is dropped without retries', async () => {
    const phone = subscriber('rebinding');
    const port = Number(new URL(phone.subscription.endpoint).port);
    // "localhost" stands for a push host whose DNS now answers with a private address.
    phone.subscription.endpoint = `https://localhost:${port}/push/${encodeURIComponent(phone.name)}`;
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender, sleeps } = senderFor(store, {
      endpoints: createPushEndpointPolicy({ hosts: ['localhost'], allowPrivateNetwork: false }),
    });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes).toEqual({ delivered: 0, removed: 0, dropped: 1, failed: 0 });
    expect(push.received(phone.name)).toEqual([]);
    expect(store.removed).toEqual([phone.subscription.endpoint]);
    expect(sleeps).toEqual([]);
  });

  it('when a subscription has expired, then it is removed without sending', async () => {
    const phone = subscriber('expired');
    phone.subscription.expirationTime = 1_000;
    const store = fakeSubscriptions({ 7: [phone.subscription] });
    const { sender } = senderFor(store, { now: () => 2_000 });

    const result = await sender.notifyOrder(orderEvent({ user_id: 7 }));

    expect(result.outcomes.removed).toBe(1);
    expect(push.received(phone.name)).toEqual([]);
    expect(store.removed).toEqual([phone.subscription.endpoint]);
  });

  it('when staff cancel an order with a personal reason, then the notice says who cancelled and nothing of the reason', async () => {
    const phone = subscriber('cancelled');
    const { sender } = senderFor(fakeSubscriptions({ 7: [phone.subscription] }));

    await sender.notifyOrder(
      orderEvent({ user_id: 7, new_status: 'cancelled', cancelled_by: 'staff', cancel_reason: 'Priya Sharma (+91 98765 43210) asked us to' }),
    );

    const request = push.received(phone.name)[0]!;
    expect(request.headers.topic).toBe('order-4711');
    const { json } = decryptJson(request, phone);
    expect(json).toEqual({
      type: 'order.cancelled',
      order_id: 4711,
      queue_number: 42,
      title: 'Order cancelled',
      body: 'Order #42 was cancelled by the canteen. Open the app for details.',
      url: '/orders/4711',
    });
  });

  it('when a payment fails, then the notice carries the order number and not the gateway reason', async () => {
    const phone = subscriber('payment-failed');
    const { sender } = senderFor(fakeSubscriptions({ 7: [phone.subscription] }));

    await sender.notifyOrder(paymentFailedEvent({ user_id: 7, order_id: 4711 }));

    const { json } = decryptJson(push.received(phone.name)[0]!, phone);
    expect(json).toEqual({
      type: 'payment.failed',
      order_id: 4711,
      queue_number: null,
      title: 'Payment failed',
      body: 'The payment for order #4711 did not go through. Open the app for details.',
      url: '/orders/4711',
    });
    expect(JSON.stringify(json)).not.toMatch(/Priya|4000|declined/);
  });

  it.each([
    ['a cancellation caused by the failed payment (payment.failed already told them)', orderEvent({ new_status: 'cancelled', cancelled_by: 'payment' })],
    ['a status nobody is pushed about', orderEvent({ new_status: 'preparing' })],
  ])('when the event is %s, then nothing is sent and no subscription is read', async (_case, event) => {
    let listed = 0;
    const store = fakeSubscriptions();
    const { sender } = senderFor({ ...store, list: async (userId: number) => (listed++, store.list(userId)) });

    const result = await sender.notifyOrder(event);

    expect(result.payload).toBeUndefined();
    expect(listed).toBe(0);
  });

  it('when the subscriptions cannot be read, then notifyOrder rejects (so the event is redelivered)', async () => {
    const { sender } = senderFor({
      ...fakeSubscriptions(),
      list: async () => {
        throw new Error('users service down');
      },
    });

    await expect(sender.notifyOrder(orderEvent())).rejects.toThrow('users service down');
  });
});

describe('parseRetryAfter', () => {
  it('when given seconds or an HTTP date, then it gives milliseconds from now; garbage gives undefined', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
