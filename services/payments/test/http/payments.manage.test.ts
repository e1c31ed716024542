import { PaymentSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPaymentEvents,
  eventually,
  expectError,
  newOrderId,
  startPayments,
  USERS,
  type Call,
  type PaymentEvents,
  type RunningPayments,
} from '../helpers.ts';

describe('payments over HTTP: reading, processing, settling and refunding', () => {
  let payments: RunningPayments;
  let call: Call;
  let events: PaymentEvents;
  let staff: string;
  let customer: string;

  beforeAll(async () => {
    payments = await startPayments();
    call = payments.call;
    staff = payments.tokens.staff;
    customer = payments.tokens.customer;
    events = await collectPaymentEvents(payments.bus);
  });
  afterAll(async () => {
    await events?.cancel();
    await payments?.stop();
  });

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await call('POST', '/api/payments/', { token: staff, body: { order_id: newOrderId(), user_id: USERS.customer, amount: 200, ...body } });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return PaymentSchema.parse(res.body);
  };

  it('when the owner or staff read a payment (by id or order), then they get it; another customer gets 403', async () => {
    const payment = await create();
    for (const token of [customer, staff, payments.tokens.admin]) {
      expect((await call('GET', `/api/payments/${payment.payment_id}`, { token })).body).toEqual(payment);
      expect((await call('GET', `/api/payments/${payment.payment_id}/`, { token })).status).toBe(200);
      expect((await call('GET', `/api/payments/order/${payment.order_id}/`, { token })).body).toEqual(payment);
    }
    expectError(await call('GET', `/api/payments/${payment.payment_id}`, { token: payments.tokens.otherCustomer }), 403, 'FORBIDDEN');
    expectError(await call('GET', `/api/payments/order/${payment.order_id}`, { token: payments.tokens.otherCustomer }), 403, 'FORBIDDEN');
  });

  it('when the owner processes a pending card payment, then the gateway settles it and payment.success goes out', async () => {
    const payment = await create({ payment_method: 'card', process: false });
    const res = await call('POST', `/api/payments/${payment.payment_id}/process`, { token: customer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payment_id: payment.payment_id, status: 'success' });
    await eventually(() => expect(events.of(payment.order_id).succeeded).toHaveLength(1));
  });

  it('when a payment that succeeded is processed again, then it is returned as it is: 200, no second charge, no event', async () => {
    const payment = await create({ payment_method: 'card' });
    expect(payment.status).toBe('success');
    await eventually(() => expect(events.of(payment.order_id).succeeded).toHaveLength(1));
    for (const token of [customer, customer, staff]) {
      const again = await call('POST', `/api/payments/${payment.payment_id}/process/`, { token, body: { payment_token: 'decline' } });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(payment);
    }
    // A refunded payment was charged once too: processing it charges nothing either.
    expect((await call('POST', `/api/payments/${payment.payment_id}/refund`, { token: staff, body: {} })).status).toBe(200);
    const refunded = await call('POST', `/api/payments/${payment.payment_id}/process`, { token: customer });
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', amount: payment.amount });
    expect(events.of(payment.order_id).succeeded).toHaveLength(1);
    expectError(await call('POST', `/api/payments/${payment.payment_id}/process`, { token: payments.tokens.otherCustomer }), 403);
  });

  it('when a failed payment is processed again, then it is still a conflict: a decline is not retried by replaying', async () => {
    const failed = await create({ payment_method: 'card', payment_token: 'tok_card_declined' });
    expect(failed.status).toBe('failed');
    expectError(await call('POST', `/api/payments/${failed.payment_id}/process`, { token: customer }), 409, 'ILLEGAL_TRANSITION');
  });

  it('when a pending upi payment is processed with the upi trigger, then it fails with upi_declined and payment.failed goes out', async () => {
    const payment = await create({ payment_method: 'upi', process: false });
    const res = await call('POST', `/api/payments/${payment.payment_id}/process`, { token: staff, body: { payment_token: 'fail@upi' } });
    expect(res.body).toMatchObject({ status: 'failed', failure_reason: 'upi_declined' });
    const [failed] = await eventually(() => {
      const published = events.of(payment.order_id).failed;
      expect(published).toHaveLength(1);
      return published;
    });
    expect(failed).toMatchObject({ payment_status: 'failed', reason: 'upi_declined', payment_id: payment.payment_id });
  });

  it('when someone else processes a payment, or it is cash, then it is refused and nothing changes', async () => {
    const card = await create({ payment_method: 'card', process: false });
    expectError(await call('POST', `/api/payments/${card.payment_id}/process`, { token: payments.tokens.otherCustomer }), 403);
    const cash = await create({ payment_method: 'cash' });
    expectError(await call('POST', `/api/payments/${cash.payment_id}/process`, { token: staff }), 409, 'CASH_NEEDS_STAFF');
    expectError(await call('POST', `/api/payments/${card.payment_id}/process`, { token: staff, body: { payment_token: 5 } }), 400);
    expectError(await call('POST', '/api/payments/pay_0123456789ab/process', { token: staff }), 404);
    expect((await payments.store.getByPaymentId(card.payment_id))?.status).toBe('pending');
    expect((await payments.store.getByPaymentId(cash.payment_id))?.status).toBe('pending');
  });

  it('when staff settle a cash payment, then it is success and payment.success goes out once', async () => {
    const cash = await create({ payment_method: 'cash', amount: 45.75 });
    const res = await call('PUT', `/api/payments/${cash.payment_id}/status/`, { token: staff, body: { status: 'success' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', failure_reason: null });
    const [event] = await eventually(() => {
      const published = events.of(cash.order_id).succeeded;
      expect(published).toHaveLength(1);
      return published;
    });
    expect(event).toMatchObject({ amount: 45.75, payment_method: 'cash' });
  });

  it('when a status change is illegal or invalid, then it is 409/400 and the payment is unchanged', async () => {
    const paid = await create();
    expectError(await call('PUT', `/api/payments/${paid.payment_id}/status`, { token: staff, body: { status: 'failed' } }), 409, 'ILLEGAL_TRANSITION');
    expectError(await call('PUT', `/api/payments/${paid.payment_id}/status`, { token: staff, body: { status: 'success' } }), 409);
    for (const body of [{}, { status: 'refunded' }, { status: 'pending' }, { status: 'bogus' }]) {
      expectError(await call('PUT', `/api/payments/${paid.payment_id}/status`, { token: staff, body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('PUT', `/api/payments/${paid.payment_id}/status`, { token: customer, body: { status: 'cancelled' } }), 403);
    expectError(await call('PUT', '/api/payments/pay_0123456789ab/status', { token: staff, body: { status: 'success' } }), 404);
    expect(await payments.store.getByPaymentId(paid.payment_id)).toMatchObject({ status: 'success', refundedMinor: 0 });
  });

  it('when staff cancel a pending payment, then payment.failed goes out with status cancelled and the reason', async () => {
    const cash = await create({ payment_method: 'cash' });
    const res = await call('PUT', `/api/payments/${cash.payment_id}/status`, { token: staff, body: { status: 'cancelled', reason: 'walked away' } });
    expect(res.body).toMatchObject({ status: 'cancelled', failure_reason: 'walked away' });
    await eventually(() => expect(events.of(cash.order_id).failed).toMatchObject([{ payment_status: 'cancelled', reason: 'walked away' }]));
  });

  it('when staff refund in parts, then it goes partially_refunded then refunded with one payment.refunded per refund', async () => {
    const paid = await create({ amount: 150 });
    const part = await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: staff, body: { amount: 50.25, reason: 'cold samosa' } });
    expect(part.status).toBe(200);
    expect(PaymentSchema.parse(part.body)).toMatchObject({ status: 'partially_refunded', refunded_amount: 50.25, refunds: [{ amount: 50.25, reason: 'cold samosa' }] });
    const rest = await call('POST', `/api/payments/${paid.payment_id}/refund/`, { token: payments.tokens.admin });
    expect(rest.body).toMatchObject({ status: 'refunded', refunded_amount: 150 });
    expect(rest.body.refunds.map((refund: { amount: number }) => refund.amount)).toEqual([50.25, 99.75]);
    await eventually(() =>
      expect(events.of(paid.order_id).refunded).toMatchObject([
        { amount: 50.25, refunded_total: 50.25, fully_refunded: false },
        { amount: 99.75, refunded_total: 150, fully_refunded: true },
      ]),
    );
    expectError(await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: staff }), 409, 'NOT_REFUNDABLE');
  });

  it('when a refund is too large, not allowed or invalid, then it is refused and nothing is refunded', async () => {
    const paid = await create({ amount: 80 });
    expectError(await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: staff, body: { amount: 80.01 } }), 422, 'REFUND_EXCEEDS_CAPTURED');
    for (const body of [{ amount: 0 }, { amount: -1 }, { amount: 'all' }, { amount: 1.234 }]) {
      expectError(await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: staff, body }), 400, 'VALIDATION_FAILED');
    }
    expectError(await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: customer, body: {} }), 403);
    const pending = await create({ payment_method: 'cash' });
    expectError(await call('POST', `/api/payments/${pending.payment_id}/refund`, { token: staff }), 409, 'NOT_REFUNDABLE');
    expect(await payments.store.getByPaymentId(paid.payment_id)).toMatchObject({ status: 'success', refundedMinor: 0, refunds: [] });
    expect(events.of(paid.order_id).refunded).toHaveLength(0);
  });

  it('when the owner asks for a receipt, then it is printable HTML with every supplied text escaped', async () => {
    const paid = await create({ amount: 120 });
    await call('POST', `/api/payments/${paid.payment_id}/refund`, { token: staff, body: { amount: 20, reason: '<script>alert("x")</script> & more' } });
    const res = await call('GET', `/api/payments/${paid.payment_id}/receipt`, { token: customer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.text).toContain(paid.payment_id);
    expect(res.text).toContain(`#${paid.order_id}`);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(res.text).not.toContain('<script>');
    expectError(await call('GET', `/api/payments/${paid.payment_id}/receipt`, { token: payments.tokens.otherCustomer }), 403);
    expect((await call('GET', `/api/payments/${paid.payment_id}/receipt/`, { token: staff })).status).toBe(200);
  });
});
