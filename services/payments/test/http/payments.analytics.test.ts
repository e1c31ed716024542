import { PaymentAnalyticsSchema } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, newOrderId, startPayments, USERS, type RunningPayments } from '../helpers.ts';

describe('payments over HTTP: analytics of a range of canteen days', () => {
  let payments: RunningPayments;
  // 12:30 on 10 March in Kolkata.
  let clock = new Date('2025-03-10T07:00:00.000Z');

  beforeAll(async () => {
    payments = await startPayments({ now: () => clock });
  });
  afterAll(async () => {
    await payments?.stop();
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await payments.call('POST', '/api/payments/', { token: payments.tokens.staff, body: { order_id: newOrderId(), user_id: USERS.customer, ...body } });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.body as { payment_id: string };
  };
  const analytics = async (query: string) =>
    PaymentAnalyticsSchema.parse((await payments.call('GET', `/api/payments/analytics${query}`, { token: payments.tokens.admin })).body);

  it('when payments were made, declined, left pending and refunded, then the range has the success rate, each method and the refunds', async () => {
    clock = new Date('2025-03-08T18:00:00.000Z'); // 23:30 IST on 8 March: outside the range
    await create({ amount: 999 });
    clock = new Date('2025-03-09T19:00:00.000Z'); // 00:30 IST on 10 March
    await create({ amount: 100 });
    await create({ amount: 50.5, payment_method: 'card', payment_token: 'decline' });
    await create({ amount: 30, payment_method: 'cash' });
    const upi = await create({ amount: 40, payment_method: 'upi' });
    expect((await payments.call('POST', `/api/payments/${upi.payment_id}/refund`, { token: payments.tokens.staff, body: { amount: 10.25 } })).status).toBe(200);

    expect(await analytics('?from=2025-03-09&to=2025-03-10')).toEqual({
      from: '2025-03-09',
      to: '2025-03-10',
      attempts: 4,
      succeeded: 2,
      failed: 1,
      pending: 1,
      success_rate: 2 / 3,
      methods: [
        { method: 'card', attempts: 1, succeeded: 0, failed: 1, amount: 0 },
        { method: 'cash', attempts: 1, succeeded: 0, failed: 0, amount: 0 },
        { method: 'mock', attempts: 1, succeeded: 1, failed: 0, amount: 100 },
        { method: 'upi', attempts: 1, succeeded: 1, failed: 0, amount: 40 },
      ],
      refunds: { count: 1, amount: 10.25 },
    });
    // Without a range: the last 30 days up to today (10 March), the 8 March payment included.
    expect((await analytics('')).attempts).toBe(5);
  });

  it('when a range is impossible, then it is refused with a message naming the field', async () => {
    for (const query of ['?from=2025-02-30', '?from=2025-03-10&to=2025-03-01', '?from=2024-01-01&to=2025-03-10', '?to=yesterday']) {
      expectError(await payments.call('GET', `/api/payments/analytics${query}`, { token: payments.tokens.admin }), 400);
    }
  });

  it('when staff who are not admins ask, then they are refused', async () => {
    expectError(await payments.call('GET', '/api/payments/analytics', { token: payments.tokens.staff }), 403);
  });
});
