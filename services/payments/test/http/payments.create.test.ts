import { PaymentSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, expectError, newOrderId, startPayments, USERS, type Call, type PaymentEvents, type RunningPayments, collectPaymentEvents } from '../helpers.ts';

describe('payments over HTTP: health, identity and creating payments', () => {
  let payments: RunningPayments;
  let call: Call;
  let events: PaymentEvents;

  beforeAll(async () => {
    payments = await startPayments();
    call = payments.call;
    events = await collectPaymentEvents(payments.bus);
  });
  afterAll(async () => {
    await events?.cancel();
    await payments?.stop();
  });

  const create = (body: Record<string, unknown>, token = payments.tokens.staff, path = '/api/payments/') =>
    call('POST', path, { token, body: { user_id: USERS.customer, amount: 99.5, ...body } });

  it('when the service is up, then /health answers OK as "Payment Service" with its dependencies', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'OK', service: 'Payment Service', dependencies: { database: { status: 'up' }, bus: { status: 'up' } } });
  });

  it('when any payments route is called without a valid token, then it is 401', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/payments/'],
      ['GET', '/api/payments/stats'],
      ['GET', '/api/payments/order/1'],
      ['GET', '/api/payments/pay_0123456789ab'],
      ['POST', '/api/payments/pay_0123456789ab/process'],
      ['PUT', '/api/payments/pay_0123456789ab/status'],
      ['POST', '/api/payments/pay_0123456789ab/refund'],
      ['GET', '/api/payments/pay_0123456789ab/receipt'],
    ];
    for (const [method, path] of routes) {
      expectError(await call(method, path), 401, 'UNAUTHORIZED');
      expectError(await call(method, path, { token: payments.tokens.forged }), 401, 'UNAUTHORIZED');
    }
  });

  it('when staff create a mock payment, then it is 201, settled at once, and payment.success is published', async () => {
    const orderId = newOrderId();
    const res = await create({ order_id: orderId });
    expect(res.status).toBe(201);
    const payment = PaymentSchema.parse(res.body);
    expect(payment).toMatchObject({
      order_id: orderId,
      user_id: USERS.customer,
      amount: 99.5,
      currency: 'INR',
      status: 'success',
      payment_method: 'mock',
      failure_reason: null,
      refunded_amount: 0,
      refunds: [],
    });
    expect(payment.payment_id).toMatch(/^pay_[0-9a-f]{12}$/);
    const [event] = await eventually(() => {
      const published = events.of(orderId).succeeded;
      expect(published).toHaveLength(1);
      return published;
    });
    expect(event).toMatchObject({ event_type: 'payment_completed', payment_id: payment.payment_id, payment_status: 'success', amount: 99.5, user_id: USERS.customer });
  });

  it('when an admin creates a payment without the trailing slash, then it works the same', async () => {
    const res = await create({ order_id: newOrderId(), payment_method: 'upi' }, payments.tokens.admin, '/api/payments');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('success');
  });

  it('when a card payment carries the decline trigger, then it is created failed with the reason', async () => {
    const res = await create({ order_id: newOrderId(), payment_method: 'card', payment_token: 'tok_card_declined' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'failed', failure_reason: 'card_declined' });
  });

  it('when a cash payment or one with process false is created, then it stays pending', async () => {
    expect((await create({ order_id: newOrderId(), payment_method: 'cash' })).body.status).toBe('pending');
    expect((await create({ order_id: newOrderId(), payment_method: 'card', process: false })).body.status).toBe('pending');
  });

  it('when a customer creates a payment in someone else\'s name, then it is 403 and nothing is created', async () => {
    const orderId = newOrderId();
    expectError(await create({ order_id: orderId, user_id: USERS.otherCustomer }, payments.tokens.customer), 403, 'FORBIDDEN');
    expect(await payments.store.getByOrderId(orderId)).toBeUndefined();
  });

  it('when the owner creates a payment their order already has, then it is that payment (200); nothing new, no second charge', async () => {
    const orderId = newOrderId();
    const first = await create({ order_id: orderId });
    await eventually(() => expect(events.of(orderId).succeeded).toHaveLength(1));
    for (const path of ['/api/payments/', '/api/payments']) {
      const again = await create({ order_id: orderId }, payments.tokens.customer, path);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    }
    expect(events.of(orderId).succeeded).toHaveLength(1);
  });

  it('when the owner names another amount, or another customer asks, then it is refused and the payment stays as it was', async () => {
    const orderId = newOrderId();
    const first = await create({ order_id: orderId });
    expectError(await create({ order_id: orderId, amount: 10 }, payments.tokens.customer), 409, 'AMOUNT_MISMATCH');
    const stranger = await call('POST', '/api/payments/', {
      token: payments.tokens.otherCustomer,
      body: { order_id: orderId, user_id: USERS.otherCustomer, amount: 99.5 },
    });
    expectError(stranger, 403, 'FORBIDDEN');
    expect(stranger.text).not.toContain(first.body.payment_id);
    expect(await payments.store.getByOrderId(orderId)).toMatchObject({ paymentId: first.body.payment_id, amountMinor: 9_950, status: 'success' });
  });

  it('when a customer pays an order without a payment while the orders service cannot be asked, then it is 503 and nothing is created', async () => {
    const orderId = newOrderId();
    expectError(await create({ order_id: orderId }, payments.tokens.customer), 503, 'SERVICE_UNAVAILABLE');
    expect(await payments.store.getByOrderId(orderId)).toBeUndefined();
  });

  it('when a second payment is created for the same order, then it is 409 and the first stays the only one', async () => {
    const orderId = newOrderId();
    const first = await create({ order_id: orderId, payment_method: 'cash' });
    expect(first.status).toBe(201);
    const second = await create({ order_id: orderId, amount: 10 });
    expectError(second, 409, 'PAYMENT_EXISTS');
    expect(second.body.error.details).toEqual({ payment_id: first.body.payment_id });
    expect(await payments.store.getByOrderId(orderId)).toMatchObject({ paymentId: first.body.payment_id, amountMinor: 9_950, status: 'pending' });
  });

  it('when the create body is invalid, then it is 400 naming the field and nothing is created', async () => {
    const orderId = newOrderId();
    const bad: Record<string, unknown>[] = [
      { order_id: orderId, amount: 0 },
      { order_id: orderId, amount: -5 },
      { order_id: orderId, amount: 10.005 },
      { order_id: orderId, amount: '10' },
      { order_id: orderId, payment_method: 'bitcoin' },
      { order_id: orderId, user_id: 'me' },
      { order_id: -1 },
      { order_id: orderId, process: 'yes' },
    ];
    for (const body of bad) {
      const res = await create(body);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(Array.isArray(res.body.error.details)).toBe(true);
    }
    expectError(await call('POST', '/api/payments/', { token: payments.tokens.staff }), 400);
    expectError(await call('POST', '/api/payments/', { token: payments.tokens.staff, rawBody: '{"order_id": 1,' }), 400, 'MALFORMED_JSON');
    expect(await payments.store.getByOrderId(orderId)).toBeUndefined();
  });

  it.each(['2000000', '1e400'])('when an amount is %s, then it is 400 "amount: must be at most 1000000" and nothing is created', async (amount) => {
    const orderId = newOrderId();
    const res = await call('POST', '/api/payments/', {
      token: payments.tokens.staff,
      rawBody: `{"order_id":${orderId},"user_id":${USERS.customer},"amount":${amount}}`,
    });

    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.message).toBe('amount: must be at most 1000000');
    expect(await payments.store.getByOrderId(orderId)).toBeUndefined();
  });

  it('when a payment id in a path is malformed, then it is 400; when it is unknown, then 404', async () => {
    for (const id of ['nope', 'pay_XYZ', 'pay_123', '1']) {
      expectError(await call('GET', `/api/payments/${id}`, { token: payments.tokens.staff }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('GET', '/api/payments/pay_0123456789ab', { token: payments.tokens.staff }), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/payments/order/abc', { token: payments.tokens.staff }), 400, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/payments/order/${newOrderId()}`, { token: payments.tokens.staff }), 404, 'NOT_FOUND');
  });
});
