import { PaymentStatsSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, newOrderId, startPayments, USERS, type RunningPayments } from '../helpers.ts';

describe('payments over HTTP: daily stats in the canteen time zone', () => {
  let payments: RunningPayments;
  // 23:30 on 9 March in Kolkata; the test moves the clock, never waits for it.
  let clock = new Date('2025-03-09T18:00:00.000Z');

  beforeAll(async () => {
    payments = await startPayments({ now: () => clock });
  });
  afterAll(async () => {
    await payments?.stop();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await payments.call('POST', '/api/payments/', {
      token: payments.tokens.staff,
      body: { order_id: newOrderId(), user_id: USERS.customer, ...body },
    });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.body as { payment_id: string };
  };
  const stats = async () => PaymentStatsSchema.parse((await payments.call('GET', '/api/payments/stats', { token: payments.tokens.admin })).body);

  it('when nothing was paid today, then every figure is zero (the original shape plus the additions)', async () => {
    expect(await stats()).toEqual({
      total_payments: 0,
      successful_payments: 0,
      total_revenue: 0,
      success_rate: 0,
      failed_payments: 0,
      pending_payments: 0,
      refunded_amount: 0,
      by_method: {},
    });
  });

  it('when payments were made before and after midnight in Kolkata, then only today counts, net of refunds', async () => {
    await create({ amount: 999 }); // yesterday, 23:30 IST
    clock = new Date('2025-03-09T19:00:00.000Z'); // 00:30 IST on 10 March: still 9 March in UTC
    await create({ amount: 100 });
    await create({ amount: 50.5, payment_method: 'card', payment_token: 'decline' });
    await create({ amount: 30, payment_method: 'cash' });
    const upi = await create({ amount: 40, payment_method: 'upi' });
    const refund = await payments.call('POST', `/api/payments/${upi.payment_id}/refund`, { token: payments.tokens.staff, body: { amount: 10.25 } });
    expect(refund.status).toBe(200);

    expect(await stats()).toEqual({
      total_payments: 4,
      successful_payments: 2,
      total_revenue: 129.75,
      success_rate: 50,
      failed_payments: 1,
      pending_payments: 1,
      refunded_amount: 10.25,
      by_method: {
        card: { count: 1, revenue: 0 },
        cash: { count: 1, revenue: 0 },
        mock: { count: 1, revenue: 100 },
        upi: { count: 1, revenue: 29.75 },
      },
    });
  });

  it('when a customer asks for the stats, then it is 403', async () => {
    expectError(await payments.call('GET', '/api/payments/stats', { token: payments.tokens.customer }), 403, 'FORBIDDEN');
  });
});
