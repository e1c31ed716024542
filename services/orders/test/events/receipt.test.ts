import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, item, line, orderWhen, placeOrder, startLoop, type Loop } from '../http/helpers.ts';

/**
 * Issue 18.6, through the whole loop: the order's lines travel with payment.initiated and the
 * payments service keeps them, so what the menu does afterwards changes no receipt.
 */
describe('the order loop: receipts keep the order as it was placed', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });

  it('when a dish of a paid order is renamed and repriced and another is deleted, then the receipt still lists both as ordered', async () => {
    const { customer, admin } = loop.tokens;
    const dosa = item(loop, 'Masala Dosa');
    const vada = item(loop, 'Medu Vada');
    const order = await placeOrder(loop.call, customer, { items: [line(dosa, 2), line(vada, 1)] });
    const paid = await orderWhen(loop.call, customer, order.id, (o) => o.payment_status === 'paid' && o.payment_id !== null);
    const menu = client(loop.menu.url);

    const renamed = await menu('PUT', `/api/menu/items/${dosa.id}`, { token: admin, body: { name: 'Mysore Masala Dosa', price: dosa.price + 40 } });
    const deleted = await menu('DELETE', `/api/menu/items/${vada.id}`, { token: admin });
    expect(renamed.status).toBe(200);
    expect(deleted.status).toBeLessThan(300);

    const receipt = await loop.pay('GET', `/api/payments/${paid.payment_id}/receipt`, { token: customer });
    expect(receipt.status).toBe(200);
    const money = (amount: number) => `₹${amount.toFixed(2)}`;
    const dosaLine = paid.items.find((i) => i.menu_item_id === dosa.id)!;
    const vadaLine = paid.items.find((i) => i.menu_item_id === vada.id)!;
    expect(receipt.text).toContain(`2 × Masala Dosa</td><td class="money">${money(dosaLine.total_price)}</td>`);
    expect(receipt.text).toContain(`1 × Medu Vada</td><td class="money">${money(vadaLine.total_price)}</td>`);
    expect(receipt.text).not.toContain('Mysore');
  });
});
