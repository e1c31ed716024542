import { fromMinor, type PaymentRecord } from '../domain/payment.ts';
import type { ReceiptLine } from '../domain/receipt-line.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every piece of text put into the receipt goes through this, whoever supplied it. */
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (char) => ESCAPES[char]!);

const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  success: 'Paid',
  failed: 'Failed',
  cancelled: 'Cancelled',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

/**
 * A printable, self-contained receipt: inline CSS, no scripts, no external resources, so it
 * prints the same offline and the Content-Security-Policy can forbid everything else. The
 * items are the order's own lines as placed (`lines`), never looked up in today's menu.
 */
export function renderReceipt(payment: PaymentRecord, lines: readonly ReceiptLine[], options: { timeZone: string }): string {
  const money = (minor: number) => {
    try {
      return new Intl.NumberFormat('en-IN', { style: 'currency', currency: payment.currency }).format(fromMinor(minor));
    } catch {
      return `${fromMinor(minor).toFixed(2)} ${payment.currency}`;
    }
  };
  const when = (date: Date) =>
    new Intl.DateTimeFormat('en-IN', { timeZone: options.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
  const row = (label: string, value: string) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;

  const rows = [
    row('Receipt for', payment.paymentId),
    row('Order', `#${payment.orderId}`),
    row('Date', when(payment.createdAt)),
    row('Method', payment.method),
    row('Status', STATUS_LABELS[payment.status] ?? payment.status),
    row('Amount', money(payment.amountMinor)),
  ];
  if (payment.failureReason) rows.push(row('Reason', payment.failureReason));
  if (payment.refundedMinor > 0) {
    rows.push(row('Refunded', money(payment.refundedMinor)));
    rows.push(row('Net paid', money(payment.amountMinor - payment.refundedMinor)));
  }
  const items = lines
    .map((line) => {
      const what = `${line.quantity} × ${line.name}${line.options.length ? ` (${line.options.join(', ')})` : ''}`;
      return `<tr><td>${escapeHtml(what)}</td><td class="money">${escapeHtml(money(line.unitMinor * line.quantity))}</td></tr>`;
    })
    .join('\n');
  const refunds = payment.refunds
    .map((refund) => `<li>${escapeHtml(when(refund.createdAt))}: ${escapeHtml(money(refund.amountMinor))}${refund.reason ? ` (${escapeHtml(refund.reason)})` : ''}</li>`)
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt ${escapeHtml(payment.paymentId)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; color: #111; }
  h1 { font-size: 1.25rem; margin-bottom: 0.25rem; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  th, td { text-align: left; padding: 0.35rem 0; border-bottom: 1px solid #ddd; }
  th { font-weight: 600; width: 40%; }
  td.money { text-align: right; white-space: nowrap; }
  footer { font-size: 0.8rem; color: #555; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Canteen receipt</h1>
<table>
${rows.join('\n')}
</table>
${items ? `<h2>Items</h2>\n<table class="items">\n${items}\n</table>` : ''}
${refunds ? `<h2>Refunds</h2><ul>${refunds}</ul>` : ''}
<footer>Keep this receipt for your records.</footer>
</body>
</html>
`;
}
