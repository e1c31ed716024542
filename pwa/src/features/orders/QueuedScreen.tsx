import { useEffect, useState } from 'react';
import { useDexie, useOnline } from '../../app/hooks.ts';
import { navigate, onLinkClick } from '../../app/router.ts';
import { formatMoney, getDb } from '../../app/services.ts';
import { acceptNewTotal } from '../../offline/outbox.ts';
import type { Repriced } from '../../offline/reprice.ts';
import { sendQueuedOrders } from '../checkout/place-order.ts';
import './orders.css';

/** The new total (or what sold out) of an order that waited, for the student to send it anyway or drop it. */
function MenuChanged({ queuedKey, total, repriced }: { queuedKey: string; total: number; repriced: Repriced }) {
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    await acceptNewTotal(await getDb(), queuedKey);
    await sendQueuedOrders();
    setBusy(false);
  };
  return (
    <div className="banner offline" role="alert">
      <span className="icon" aria-hidden="true">⚠</span>
      <div>
        {repriced.soldOut.length > 0 ? (
          <>
            <strong>Sold out now: {repriced.soldOut.join(', ')}</strong>
            Remove this order and order again from the menu.
          </>
        ) : (
          <>
            <strong>
              New total {formatMoney(repriced.total)} <span className="muted">(was {formatMoney(total)})</span>
            </strong>
            Prices changed while it waited. Send it at the new total, or remove it.
            <div className="actions">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void send()}>
                Send it for {formatMoney(repriced.total)}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/** An order waiting on the phone; the moment it is sent, this screen becomes its tracking screen. */
export function QueuedScreen({ queuedKey }: { queuedKey: string }) {
  const entry = useDexie((db) => db.outbox.get(queuedKey), [queuedKey]);
  const sent = useDexie((db) => db.sent.get(queuedKey), [queuedKey]);
  const online = useOnline();
  useEffect(() => {
    if (sent) navigate(`/orders/${sent.orderId}`, true);
  }, [sent]);

  if (entry === undefined && sent === undefined) {
    return (
      <div className="empty-state">
        <p>
          <strong>No order waiting here</strong>
        </p>
        <p className="muted">It was sent already, or removed.</p>
        <a className="btn btn-primary" href="/orders" onClick={onLinkClick}>
          See your orders
        </a>
      </div>
    );
  }
  if (!entry) return <div className="skeleton" style={{ height: 220, borderRadius: 20 }} aria-busy="true" />;

  return (
    <div className="order queued-box">
      <section className="ticket" aria-labelledby="queued-title">
        <p className="ticket-label">Order on this phone</p>
        <p id="queued-title" className="ticket-state">
          {entry.state === 'refused' ? 'Not accepted' : entry.state === 'menu-changed' ? 'The menu changed' : 'Not sent yet'}
        </p>
        <p className="ticket-status" role="status" aria-live="polite">
          {entry.state === 'queued' &&
            (online ? 'Sending it now… it will go out by itself as soon as the canteen answers.' : 'Queued — it will be sent when you are back online.')}
          {entry.state === 'needs-sign-in' && 'Your sign-in has expired. Sign in again and it will be sent.'}
          {entry.state === 'refused' && `The canteen did not accept it: ${entry.lastError ?? 'no reason given'}.`}
          {entry.state === 'menu-changed' && 'While it waited, the menu changed. Nothing was sent: check it before it goes.'}
        </p>
      </section>
      {entry.state === 'menu-changed' && entry.repriced && <MenuChanged queuedKey={queuedKey} total={entry.total} repriced={entry.repriced} />}
      {entry.state === 'needs-sign-in' && (
        <a className="btn btn-primary btn-block" href={`/sign-in?next=/orders/queued/${queuedKey}`} onClick={onLinkClick}>
          Sign in to send it
        </a>
      )}
      {entry.state === 'queued' && online && (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => void sendQueuedOrders()}>
          Try sending now
        </button>
      )}
      <section className="card receipt" aria-labelledby="queued-receipt">
        <h2 id="queued-receipt">What you ordered</h2>
        <ul>
          {entry.lines.map((line, index) => (
            <li key={index}>
              <span>
                {line.quantity} × {line.name}
              </span>
              <span>{formatMoney(line.unitPrice * line.quantity)}</span>
            </li>
          ))}
        </ul>
        <p className="receipt-total">
          <span>Total</span>
          <strong>{formatMoney(entry.total)}</strong>
        </p>
        {(entry.state === 'refused' || entry.state === 'menu-changed') && (
          <button type="button" className="btn btn-quiet" onClick={() => void getDb().then((db) => db.outbox.delete(queuedKey)).then(() => navigate('/'))}>
            Remove it
          </button>
        )}
      </section>
    </div>
  );
}
