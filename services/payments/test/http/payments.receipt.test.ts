import type { EventItem } from '@canteen/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, newOrderId, initiatedEvent, publishInitiated, startPayments, USERS, type RunningPayments } from '../helpers.ts';

/** Issue 18.6: the receipt lists the order's own lines, as they were when it was placed. */
describe('payments over HTTP: the receipt lists the order as it was placed', () => {
  let payments: RunningPayments;

  beforeAll(async () => {
    payments = await startPayments();
  });
  afterAll(async () => {
    await payments?.stop();
  });

  const line = (item: Partial<EventItem> & Pick<EventItem, 'item_name' | 'quantity' | 'price'>): EventItem => ({ menu_item_id: 'a'.repeat(24), ...item });
  const paidOrder = async (items: EventItem[], amount: number) => {
    const orderId = newOrderId();
    await publishInitiated(payments.bus, initiatedEvent({ orderId, amount, items }));
    return eventually(async () => {
      const res = await payments.call('GET', `/api/payments/order/${orderId}`, { token: payments.tokens.staff });
      if (res.status !== 200 || res.body.status !== 'success') throw new Error(`not paid yet: ${res.status} ${res.text}`);
      return res.body as { payment_id: string };
    });
  };
  const receipt = async (paymentId: string) => {
    const res = await payments.call('GET', `/api/payments/${paymentId}/receipt`, { token: payments.tokens.customer });
    expect(res.status).toBe(200);
    return res.text;
  };

  it('when the order had lines, then each is on the receipt with its quantity, options and line total', async () => {
    const paid = await paidOrder(
      [
        line({ item_name: 'Masala Dosa', quantity: 2, price: 65, options: ['Extra chutney', 'Ghee'] }),
        line({ item_name: 'Filter Coffee', quantity: 1, price: 25 }),
      ],
      155,
    );

    const html = await receipt(paid.payment_id);

    expect(html).toContain('<h2>Items</h2>');
    expect(html).toContain('2 × Masala Dosa (Extra chutney, Ghee)</td><td class="money">₹130.00</td>');
    expect(html).toContain('1 × Filter Coffee</td><td class="money">₹25.00</td>');
    expect(html.indexOf('Masala Dosa')).toBeLessThan(html.indexOf('Filter Coffee'));
  });

  it('when a dish name holds markup, then the receipt shows it as text', async () => {
    const paid = await paidOrder([line({ item_name: '<img src=x onerror=alert(1)> Thali', quantity: 1, price: 90 })], 90);

    const html = await receipt(paid.payment_id);

    expect(html).toContain('1 × &lt;img src=x onerror=alert(1)&gt; Thali');
    expect(html).not.toContain('<img');
  });

  it('when staff made the payment by hand (no order lines known), then the receipt has no items section', async () => {
    const res = await payments.call('POST', '/api/payments/', {
      token: payments.tokens.staff,
      body: { order_id: newOrderId(), user_id: USERS.customer, amount: 40 },
    });
    expect(res.status).toBe(201);

    expect(await receipt(res.body.payment_id)).not.toContain('Items');
  });
});
