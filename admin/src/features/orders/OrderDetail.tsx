import { useState } from 'react';
import type { AdminUser } from '@canteen/contracts';
import { api, formatDateTime, formatMoney } from '../../app/services.ts';
import { messageOf } from '../../ui/errors.ts';
import { ErrorState, Notice, Skeleton } from '../../ui/states.tsx';
import { OrderActions } from './OrderActions.tsx';
import { actorWords, PAYMENT_WORDS, STATUS_TONE, STATUS_WORDS } from './order-words.ts';
import { useOrderDetail } from './useOrders.ts';

/** One order: its lines, its history (who moved it, when), its payment and receipt, and what can still be done. */
export function OrderDetail({ id, people, onChanged }: { id: number; people: ReadonlyMap<number, AdminUser>; onChanged: () => void }) {
  const detail = useOrderDetail(id);
  const [done, setDone] = useState<string | null>(null);
  const [receiptError, setReceiptError] = useState<string | null>(null);

  if (!detail.data) {
    return detail.error ? <ErrorState error={detail.error} what={`Order ${id}`} onRetry={detail.reload} /> : <Skeleton label={`Loading order ${id}…`} rows={10} />;
  }
  const { order, history, payment } = detail.data;

  const openReceipt = async () => {
    if (!payment) return;
    setReceiptError(null);
    // Opened at once (a popup allowed by the click), filled when the page arrives.
    const tab = window.open('', '_blank');
    try {
      const html = await api.receiptHtml(payment.payment_id);
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      if (tab) tab.location.href = url;
      else window.open(url, '_blank');
    } catch (err) {
      tab?.close();
      setReceiptError(messageOf(err, 'The receipt'));
    }
  };

  return (
    <article className="order-detail" aria-labelledby="order-title">
      <header className="order-head">
        <div>
          <h2 id="order-title">
            Order {order.id}
            {order.queue_number !== null && <span className="queue-no"> · #{order.queue_number}</span>}
          </h2>
          <p className="muted small">
            Placed {formatDateTime(order.created_at)} by student #{order.user_id} · paid by {order.payment_method}
          </p>
        </div>
        <span className={`chip big ${STATUS_TONE[order.status]}`}>{STATUS_WORDS[order.status]}</span>
      </header>
      {done && <Notice tone="ok">{done}</Notice>}
      <div className="order-columns">
        <section aria-labelledby="lines-title">
          <h3 id="lines-title">What was ordered</h3>
          <table className="lines">
            <tbody>
              {order.items.map((line) => (
                <tr key={line.id}>
                  <td className="num">{line.quantity}×</td>
                  <td>
                    {line.item_name}
                    {line.options.length > 0 && <span className="muted small block">{line.options.map((option) => option.name).join(', ')}</span>}
                    {line.special_instructions && <span className="muted small block">“{line.special_instructions}”</span>}
                  </td>
                  <td className="num">{formatMoney(line.total_price)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td className="num strong">{formatMoney(order.total_amount)}</td>
              </tr>
            </tfoot>
          </table>
          {order.special_instructions && <p className="small">Note: “{order.special_instructions}”</p>}
          {order.cancel_reason && <p className="small">Cancelled because: “{order.cancel_reason}”</p>}

          <h3 id="payment-title">Payment</h3>
          {payment ? (
            <dl className="facts">
              <dt>Status</dt>
              <dd>
                <span className={`chip ${payment.status === 'success' ? 'ok' : payment.status === 'failed' ? 'danger' : ''}`}>{PAYMENT_WORDS[payment.status]}</span>
                {payment.failure_reason && <span className="small"> — {payment.failure_reason}</span>}
              </dd>
              <dt>Amount</dt>
              <dd>
                {formatMoney(payment.amount)} by {payment.payment_method}
              </dd>
              <dt>Refunded</dt>
              <dd>{formatMoney(payment.refunded_amount)}</dd>
              <dt>Payment id</dt>
              <dd className="mono">{payment.payment_id}</dd>
            </dl>
          ) : (
            <p className="muted small">No payment yet{order.payment_method === 'cash' ? ': cash is settled at the counter.' : '.'}</p>
          )}
          {payment && payment.refunds.length > 0 && (
            <ul className="refunds" aria-label="Refunds">
              {payment.refunds.map((refund) => (
                <li key={refund.refund_id}>
                  {formatMoney(refund.amount)} on {formatDateTime(refund.created_at)} — {refund.reason ?? 'no reason given'}
                </li>
              ))}
            </ul>
          )}
          {payment && (
            <button type="button" className="btn btn-small" onClick={() => void openReceipt()}>
              Open the receipt
            </button>
          )}
          {receiptError && <Notice tone="error">{receiptError}</Notice>}
        </section>
        <section aria-labelledby="history-title">
          <h3 id="history-title">History</h3>
          {history.length === 0 ? (
            <p className="muted small">No history recorded: this order was placed before the panel kept one.</p>
          ) : (
            <ol className="timeline">
              {history.map((change, index) => (
                <li key={index}>
                  <span className={`chip ${STATUS_TONE[change.to_status]}`}>{STATUS_WORDS[change.to_status]}</span>
                  <time dateTime={change.at}>{formatDateTime(change.at)}</time>
                  <span className="who">by {actorWords(change, order, people)}</span>
                  {change.reason && <span className="small block">“{change.reason}”</span>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <OrderActions
        order={order}
        payment={payment}
        onDone={(message) => {
          setDone(message);
          detail.reload();
          // A refund reaches the order through an event: look again once it has had time to land.
          setTimeout(detail.reload, 1500);
          onChanged();
        }}
      />
    </article>
  );
}
