import { api } from '../../app/services.ts';

/** The payments service's receipt, read into plain text rows (never inserted as HTML). */
export interface Receipt {
  title: string;
  facts: { label: string; value: string }[];
  items: { what: string; amount: string }[];
  refunds: string[];
  /** The receipt as the server wrote it, for "Save a copy" (it prints on its own, styles inline). */
  html: string;
}

const text = (node: Element | null | undefined): string => node?.textContent?.trim() ?? '';
/** The receipt names the method as the API does; the student reads it as the checkout said it. */
const METHODS: Record<string, string> = { upi: 'UPI', card: 'Card', cash: 'Cash at the counter', mock: 'Test payment' };

/**
 * The receipt is a self-contained HTML page behind the student's token, so a plain link cannot
 * open it (no Authorization header on a navigation) and the app's CSP would block its inline
 * style in a frame. It is fetched with the token and read with DOMParser, whose document runs
 * no script and loads nothing; only its text reaches the screen.
 */
export function parseReceipt(html: string): Receipt {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const [factsTable] = Array.from(doc.querySelectorAll('table:not(.items)'));
  return {
    title: text(doc.querySelector('h1')) || 'Receipt',
    facts: Array.from(factsTable?.querySelectorAll('tr') ?? []).map((row) => {
      const label = text(row.querySelector('th'));
      const value = text(row.querySelector('td'));
      return { label, value: label === 'Method' ? (METHODS[value] ?? value) : value };
    }),
    items: Array.from(doc.querySelectorAll('table.items tr')).map((row) => {
      const [what, amount] = Array.from(row.querySelectorAll('td'));
      return { what: text(what), amount: text(amount) };
    }),
    refunds: Array.from(doc.querySelectorAll('ul li')).map((li) => text(li)),
    html,
  };
}

export async function fetchReceipt(orderId: number): Promise<Receipt> {
  const order = await api.order(orderId);
  if (!order.payment_id) throw new Error('This order has no payment yet, so no receipt.');
  const token = await api.accessToken();
  const response = await fetch(`/api/payments/${encodeURIComponent(order.payment_id)}/receipt`, { headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
  if (!response.ok) throw new Error(response.status === 404 ? 'The receipt is not ready yet.' : 'The receipt could not be loaded.');
  return parseReceipt(await response.text());
}
