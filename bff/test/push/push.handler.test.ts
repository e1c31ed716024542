import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import webpush from 'web-push';
import { createInProcessBus, createPushEndpointPolicy, silentLogger, type InProcessBus, type Subscription } from '@canteen/service-kit';
import { PUSH_CONSUMER, PUSH_EVENT_KEYS, subscribePushNotifications } from '../../src/push/push.handler.ts';
import { createPushSender } from '../../src/push/push-sender.ts';
import { orderEvent, paymentFailedEvent } from './events.ts';
import { decryptAes128gcm, fakeSubscriptions, makeSubscriber, startPushService, verifyVapid, type LocalPushService } from './push-service.ts';

const vapid = { ...webpush.generateVAPIDKeys(), subject: 'https://canteen.example/contact' };

let push: LocalPushService;
// The local push service is at 127.0.0.1: allowed here only, as PUSH_ALLOW_PRIVATE_NETWORK=true would.
const endpoints = createPushEndpointPolicy({ hosts: [], allowPrivateNetwork: true });
beforeAll(async () => {
  push = await startPushService();
});
afterAll(async () => {
  await push?.close();
});

describe('push handler on the in-process bus', () => {
  let bus: InProcessBus;
  let subscription: Subscription | undefined;
  let store: ReturnType<typeof fakeSubscriptions>;
  let counter = 0;

  const start = async () => {
    const sender = createPushSender({ vapid, logger: silentLogger(), endpoints, ca: push.ca, subscriptions: store, sleep: async () => {} });
    // One at a time, so "the next event was pushed" means "the one before it was handled".
    subscription = await subscribePushNotifications(bus, { sender, logger: silentLogger() }, { prefetch: 1, maxDeliveries: 2 });
  };
  const phoneFor = (userId: number) => {
    const phone = makeSubscriber(push.endpoint(`handler-${userId}-${++counter}`));
    store.add(userId, phone.subscription);
    return phone;
  };
  const publish = (routingKey: string, event: { event_id: string }) => bus.publish(routingKey, event, { messageId: event.event_id });
  const receivedBy = (phone: ReturnType<typeof makeSubscriber>) =>
    push.received().filter((r) => `${push.origin}${r.path}` === phone.subscription.endpoint);

  beforeEach(async () => {
    bus = createInProcessBus({ logger: silentLogger(), redeliveryDelayMs: 1 });
    store = fakeSubscriptions();
  });
  afterEach(async () => {
    await subscription?.cancel();
    await bus.close();
  });

  it('when order.ready is published, then the customer\'s browser gets the decryptable notice', async () => {
    await start();
    const phone = phoneFor(21);

    await publish('order.ready', orderEvent({ user_id: 21, order_id: 501, queue_number: 7 }));

    await vi.waitFor(() => expect(receivedBy(phone)).toHaveLength(1));
    const request = receivedBy(phone)[0]!;
    expect(verifyVapid(request.headers.authorization as string).claims.sub).toBe(vapid.subject);
    const payload = JSON.parse(decryptAes128gcm(request.body, phone).toString('utf8'));
    expect(payload).toMatchObject({ type: 'order.ready', order_id: 501, queue_number: 7, url: '/orders/501' });
  });

  it('when the same event is delivered twice, then it is pushed once', async () => {
    await start();
    const phone = phoneFor(22);
    const event = orderEvent({ user_id: 22, order_id: 502 });
    const sentinel = paymentFailedEvent({ user_id: 22, order_id: 503 });

    await publish('order.ready', event);
    await publish('order.ready', event);
    await publish('payment.failed', sentinel);

    await vi.waitFor(() => expect(receivedBy(phone).map((r) => r.headers.topic)).toContain('order-503'));
    expect(receivedBy(phone).map((r) => r.headers.topic)).toEqual(['order-502', 'order-503']);
  });

  it('when order.cancelled and payment.failed arrive, then each is pushed under the order\'s topic', async () => {
    await start();
    const phone = phoneFor(23);

    await publish('order.cancelled', orderEvent({ user_id: 23, order_id: 504, new_status: 'cancelled', cancelled_by: 'staff' }));
    await publish('payment.failed', paymentFailedEvent({ user_id: 23, order_id: 505, payment_status: 'cancelled' }));

    await vi.waitFor(() => expect(receivedBy(phone)).toHaveLength(2));
    const types = receivedBy(phone).map((r) => JSON.parse(decryptAes128gcm(r.body, phone).toString('utf8')).type);
    expect(types).toEqual(['order.cancelled', 'payment.failed']);
  });

  it('when a browser\'s push service answers 410, then its subscription is removed from the store', async () => {
    await start();
    const alive = phoneFor(24);
    const gone = phoneFor(24);
    push.script(new URL(gone.subscription.endpoint).pathname.replace('/push/', ''), [{ status: 410 }]);

    await publish('order.ready', orderEvent({ user_id: 24, order_id: 506 }));

    await vi.waitFor(() => expect(store.removed).toEqual([gone.subscription.endpoint]));
    expect(store.endpoints(24)).toEqual([alive.subscription.endpoint]);
    expect(receivedBy(alive)).toHaveLength(1);
  });

  it('when order.preparing is published, then nothing is pushed (the queue is not bound to it)', async () => {
    await start();
    const phone = phoneFor(25);

    await publish('order.preparing', orderEvent({ user_id: 25, order_id: 507, new_status: 'preparing' }));
    await publish('order.ready', orderEvent({ user_id: 25, order_id: 508 }));

    await vi.waitFor(() => expect(receivedBy(phone)).toHaveLength(1));
    expect(receivedBy(phone)[0]!.headers.topic).toBe('order-508');
    expect(PUSH_EVENT_KEYS).toEqual(['order.ready', 'order.cancelled', 'payment.failed']);
  });

  it('when an event breaks its contract, then it is dead-lettered and the next one still goes out', async () => {
    await start();
    const phone = phoneFor(26);
    const broken = { event_id: randomUUID(), event_type: 'order_status_changed', order_id: 'not a number' };

    await publish('order.ready', broken);
    await publish('order.ready', orderEvent({ user_id: 26, order_id: 509 }));

    await vi.waitFor(() => expect(bus.deadLetters(PUSH_CONSUMER).map((m) => m.messageId)).toEqual([broken.event_id]));
    await vi.waitFor(() => expect(receivedBy(phone)).toHaveLength(1));
  });

  it('when the subscriptions cannot be read, then the event is retried and pushed once they can', async () => {
    let failures = 1;
    const flaky = {
      ...store,
      list: async (userId: number) => {
        if (failures-- > 0) throw new Error('users service down');
        return store.list(userId);
      },
    };
    const sender = createPushSender({ vapid, logger: silentLogger(), endpoints, ca: push.ca, subscriptions: flaky, sleep: async () => {} });
    subscription = await subscribePushNotifications(bus, { sender, logger: silentLogger() }, { prefetch: 1, maxDeliveries: 3 });
    const phone = phoneFor(27);

    await publish('order.ready', orderEvent({ user_id: 27, order_id: 510 }));

    await vi.waitFor(() => expect(receivedBy(phone)).toHaveLength(1));
    expect(bus.deadLetters(PUSH_CONSUMER)).toEqual([]);
  });
});
