import { useEffect, useRef, useState } from 'react';
import type { Order, Payment, QueueItem } from '@canteen/contracts';
import { useLiveState } from '../../app/hooks.ts';
import { navigate, onLinkClick } from '../../app/router.ts';
import { api, formatMoney, formatTime, getDb } from '../../app/services.ts';
import { orderBody } from '../cart/cart.ts';
import { placeOrder, restoreCart } from '../checkout/place-order.ts';
import { NotificationSettings } from '../notifications/NotificationSettings.tsx';
import { alertReady, unlockSound, useSoundUnlocked } from '../notifications/ready-alert.ts';
import { useOrder } from './useOrder.ts';
import './orders.css';

const STEPS = ['Order received', 'Paid', 'Preparing', 'Ready'] as const;

function stepOf(order: Order, queue: QueueItem | null): number {
  const byOrder = { placed: 0, confirmed: 1, preparing: 2, ready: 3, completed: 4, cancelled: -1 }[order.status];
  const byQueue = queue ? { waiting: 1, preparing: 2, ready: 3, completed: 4 }[queue.status] : 0;
  return byOrder < 0 ? -1 : Math.max(byOrder, byQueue);
}

const REASONS: Record<string, string> = {
  card_declined: 'Your card was declined by the bank.',
  insufficient_funds: 'There is not enough money in the account.',
  upi_declined: 'The UPI payment was declined.',
  declined: 'The payment was declined.',
};

function Eta({ queue }: { queue: QueueItem }) {
  if (!queue.expected_ready_at) return null;
  const from = Date.parse(queue.expected_ready_at);
  const to = queue.expected_ready_at_p90 ? Date.parse(queue.expected_ready_at_p90) : from;
  const mins = (t: number) => Math.max(0, Math.round((t - Date.now()) / 60_000));
  const a = mins(from);
  const b = Math.max(a, mins(to));
  return (
    <p className="eta">
      Ready {formatTime(from)}
      {to > from + 30_000 ? `–${formatTime(to)}` : ''} <span className="muted">({a === b ? `in ${a} min` : `in ${a}–${b} min`})</span>
    </p>
  );
}

function Declined({ order, payment }: { order: Order; payment: Payment | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reason = payment?.failure_reason ?? null;
  const payCash = async () => {
    setBusy(true);
    try {
      await restoreCart(order);
      const lines = await (await getDb()).cart.orderBy('addedAt').toArray();
      const result = await placeOrder(orderBody(lines, { payment_method: 'cash' }));
      navigate('orderId' in result ? `/orders/${result.orderId}` : `/orders/queued/${result.queuedKey}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not work.');
      setBusy(false);
    }
  };
  return (
    <div className="banner error" role="alert">
      <span className="icon" aria-hidden="true">⚠</span>
      <div>
        <strong>{(reason && REASONS[reason]) ?? 'The payment did not go through.'}</strong>
        Nothing was charged. Try again with another card or UPI, or pay cash when you collect. {reason && <span className="small">(code: {reason})</span>}
        {error && <p>{error}</p>}
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void restoreCart(order).then(() => navigate('/cart'))}>
            Try again
          </button>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void payCash()}>
            Pay cash at the counter
          </button>
        </div>
      </div>
    </div>
  );
}

export function OrderScreen({ id }: { id: number }) {
  const [view, reload] = useOrder(id);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const liveState = useLiveState();
  const wasReady = useRef(false);
  const ready = view.status === 'ready' && stepOf(view.order, view.queue) === 3;
  const soundOn = useSoundUnlocked();
  // Only a change to ready while the screen is open rings; opening an order already ready does not.
  const seen = useRef(false);
  useEffect(() => {
    if (view.status !== 'ready') return;
    if (ready && !wasReady.current && seen.current) alertReady();
    wasReady.current = ready;
    seen.current = true;
  }, [ready, view.status]);

  if (view.status === 'loading') {
    return (
      <div aria-busy="true">
        <p className="visually-hidden">Loading your order…</p>
        <div className="skeleton" style={{ height: 220, borderRadius: 20 }} />
        <div className="skeleton" style={{ height: 80, marginTop: 16 }} />
      </div>
    );
  }
  if (view.status === 'error') {
    return (
      <div className="banner error" role="alert">
        <span className="icon" aria-hidden="true">⚠</span>
        <div>
          <strong>Your order could not be loaded</strong>
          {view.message} It will be tried again in a few seconds.
        </div>
      </div>
    );
  }
  const { order, queue, payment } = view;
  const step = stepOf(order, queue);
  // Ready is the last step: shown done, not "in progress".
  const done = ready ? STEPS.length : step;
  const number = queue?.queue_number ?? order.queue_number;
  const cancelled = order.status === 'cancelled';
  // A payment is 'cancelled' only because its order was cancelled first (by the student, say):
  // that order says why it was cancelled; only a 'failed' payment is a decline.
  const declined = cancelled && order.payment_status === 'failed';

  return (
    <div className="order">
      <section className={`ticket${ready ? ' is-ready' : ''}${cancelled ? ' is-cancelled' : ''}`} aria-labelledby="ticket-label">
        <p id="ticket-label" className="ticket-label">
          {cancelled ? `Order #${order.id}` : number ? 'Your number' : 'Order received'}
        </p>
        {!cancelled && number !== null && number !== undefined ? (
          <p className="queue-number" aria-label={`Queue number ${number}`}>
            {number}
          </p>
        ) : (
          <p className="ticket-state">{cancelled ? 'Cancelled' : order.payment_method === 'cash' ? 'Pay at the counter' : 'Confirming your payment…'}</p>
        )}
        <p className="ticket-status" role="status" aria-live="polite">
          {ready
            ? 'Ready — collect it at the counter'
            : cancelled
              ? declined
                ? 'The payment did not go through'
                : `Cancelled${order.cancel_reason ? `: ${order.cancel_reason}` : ''}`
              : step === 2
                ? 'Being prepared'
                : step === 1
                  ? queue && queue.position > 0
                    ? queue.position === 1
                      ? 'You’re next'
                      : `${queue.position - 1} ${queue.position === 2 ? 'order' : 'orders'} ahead of you`
                    : 'In the queue'
                  : order.payment_method === 'cash'
                    ? 'Waiting for your cash payment at the counter'
                    : 'Waiting for the payment'}
        </p>
        {queue && !ready && !cancelled && <Eta queue={queue} />}
      </section>

      {declined && <Declined order={order} payment={payment} />}

      {!cancelled && !ready && order.status !== 'completed' && !soundOn && (
        <div className="banner info sound-note" role="status">
          <span>The app is muted until you tap: turn the sound on to hear when it is ready.</span>
          <button type="button" className="btn btn-secondary" onClick={() => void unlockSound()}>
            Turn sound on
          </button>
        </div>
      )}

      {!cancelled && (
        <ol className="steps" aria-label="Progress">
          {STEPS.map((label, index) => (
            <li key={label} className={index < done ? 'done' : index === step ? 'current' : ''} aria-current={index === step ? 'step' : undefined}>
              <span className="dot" aria-hidden="true">
                {index < done ? '✓' : index + 1}
              </span>
              {label}
              {index < done && <span className="visually-hidden"> (done)</span>}
            </li>
          ))}
        </ol>
      )}

      <p className="live-note small muted">
        {liveState === 'live' ? '● Live — this page updates by itself' : 'Reconnecting… the status may be a little behind'}
      </p>

      {!cancelled && !ready && order.status !== 'completed' && <NotificationSettings />}

      <section className="card receipt" aria-labelledby="receipt-title">
        <h2 id="receipt-title">Order #{order.id}</h2>
        <ul>
          {order.items.map((item) => (
            <li key={item.id}>
              <span className="receipt-item">
                {item.quantity} × {item.item_name}
                {item.options.length > 0 && <span className="muted small">{item.options.map((o) => o.name).join(', ')}</span>}
              </span>
              <span>{formatMoney(item.total_price)}</span>
            </li>
          ))}
        </ul>
        <p className="receipt-total">
          <span>Total · {order.payment_method === 'cash' ? 'cash' : order.payment_method.toUpperCase()}</span>
          <strong>{formatMoney(order.total_amount)}</strong>
        </p>
        {order.payment_id && (
          <p>
            <a className="receipt-link" href={`/orders/${order.id}/receipt`} onClick={onLinkClick}>
              View receipt
            </a>
          </p>
        )}
        {cancelError && (
          <p className="field-error" role="alert">
            Not cancelled: {cancelError}
          </p>
        )}
        {(order.status === 'placed' || order.status === 'confirmed') && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() =>
              void api.cancelOrder(order.id, 'Cancelled in the app').then(
                () => (setCancelError(null), reload()),
                (err: unknown) => setCancelError(err instanceof Error ? err.message : 'The order could not be cancelled.'),
              )
            }
          >
            Cancel this order
          </button>
        )}
      </section>
      <a className="btn btn-quiet btn-block" href="/" onClick={onLinkClick}>
        Back to the menu
      </a>
    </div>
  );
}
