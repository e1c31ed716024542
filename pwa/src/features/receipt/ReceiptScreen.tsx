import { useEffect, useMemo, useState } from 'react';
import { onLinkClick } from '../../app/router.ts';
import { fetchReceipt, type Receipt } from './receipt.ts';
import './receipt.css';

type View = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; receipt: Receipt };

/** The order's receipt (from the payments service), readable, printable and saved as a file. */
export function ReceiptScreen({ orderId }: { orderId: number }) {
  const [view, setView] = useState<View>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let stopped = false;
    setView({ status: 'loading' });
    fetchReceipt(orderId).then(
      (receipt) => !stopped && setView({ status: 'ready', receipt }),
      (err: unknown) => !stopped && setView({ status: 'error', message: err instanceof Error ? err.message : 'The receipt could not be loaded.' }),
    );
    return () => {
      stopped = true;
    };
  }, [orderId, attempt]);
  const html = view.status === 'ready' ? view.receipt.html : null;
  const download = useMemo(() => (html ? URL.createObjectURL(new Blob([html], { type: 'text/html' })) : null), [html]);
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);
  const back = (
    <a className="btn btn-quiet btn-block no-print" href={`/orders/${orderId}`} onClick={onLinkClick}>
      Back to order #{orderId}
    </a>
  );

  if (view.status === 'loading') {
    return (
      <div aria-busy="true">
        <h1 className="screen-title">Receipt</h1>
        <p className="visually-hidden" role="status">
          Loading the receipt…
        </p>
        <div className="skeleton" style={{ height: 240, borderRadius: 16 }} />
      </div>
    );
  }
  if (view.status === 'error') {
    return (
      <div className="receipt-screen">
        <h1 className="screen-title">Receipt</h1>
        <div className="banner error" role="alert">
          <span className="icon" aria-hidden="true">⚠</span>
          <div>
            <strong>No receipt to show</strong>
            {view.message} Check your connection and try again.
            <div className="actions">
              <button type="button" className="btn btn-secondary" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            </div>
          </div>
        </div>
        {back}
      </div>
    );
  }
  const { receipt } = view;
  return (
    <div className="receipt-screen">
      <h1 className="screen-title">{receipt.title}</h1>
      <section className="card receipt-card" aria-label="Payment">
        <dl>
          {receipt.facts.map(({ label, value }) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {receipt.items.length > 0 && (
        <section className="card receipt-card" aria-labelledby="receipt-items">
          <h2 id="receipt-items">Items</h2>
          <ul>
            {receipt.items.map(({ what, amount }, index) => (
              <li key={index}>
                <span>{what}</span>
                <span>{amount}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {receipt.refunds.length > 0 && (
        <section className="card receipt-card" aria-labelledby="receipt-refunds">
          <h2 id="receipt-refunds">Refunds</h2>
          <ul>
            {receipt.refunds.map((refund, index) => (
              <li key={index}>{refund}</li>
            ))}
          </ul>
        </section>
      )}
      <div className="receipt-actions no-print">
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          Print
        </button>
        {download && (
          <a className="btn btn-secondary" href={download} download={`canteen-receipt-order-${orderId}.html`}>
            Save a copy
          </a>
        )}
      </div>
      {back}
    </div>
  );
}
