import { useEffect, useState } from 'react';
import type { ActiveOrder } from '@canteen/contracts';
import { useDexie, useSession } from '../../app/hooks.ts';
import { onLinkClick } from '../../app/router.ts';
import { api, formatMoney, onLiveMessage } from '../../app/services.ts';
import './orders.css';

const STATUS_WORDS: Record<string, string> = { placed: 'Waiting for payment', confirmed: 'In the queue', preparing: 'Being prepared', ready: 'Ready to collect' };

/** The student's unfinished orders, and those still waiting on the phone. */
export function OrdersScreen() {
  const session = useSession();
  const queued = useDexie((db) => db.outbox.orderBy('createdAt').toArray());
  const [orders, setOrders] = useState<ActiveOrder[] | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    if (!session) return;
    const load = () =>
      api.activeOrders().then(
        (list) => (setOrders(list), setError(false)),
        () => setError(true),
      );
    void load();
    return onLiveMessage(() => void load());
  }, [session]);

  const mine = (queued ?? []).filter((entry) => entry.userId === session?.user.id);
  return (
    <div>
      <h1 className="screen-title">Your orders</h1>
      {error && (
        <div className="banner offline" role="status">
          <span className="icon" aria-hidden="true">☁</span>
          <div>
            <strong>Can’t reach the canteen</strong>
            Your orders will show again when the connection is back.
          </div>
        </div>
      )}
      {mine.length > 0 && (
        <ul className="order-list" aria-label="Waiting on this phone">
          {mine.map((entry) => (
            <li key={entry.key}>
              <a className="order-row" href={`/orders/queued/${entry.key}`} onClick={onLinkClick}>
                <span className="num" aria-hidden="true">
                  ⏳
                </span>
                <span className="what">
                  <strong>{entry.state === 'refused' ? 'Not accepted' : entry.state === 'menu-changed' ? 'Menu changed — check it' : 'Queued on this phone'}</strong>
                  <span className="muted small">
                    {entry.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')} · {formatMoney(entry.total)}
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {orders === null && !error && <div className="skeleton" style={{ height: 88, marginTop: 12 }} aria-busy="true" />}
      {orders && orders.length === 0 && mine.length === 0 && (
        <div className="empty-state">
          <p>
            <strong>No orders yet</strong>
          </p>
          <p className="muted">The menu is one tap away.</p>
          <a className="btn btn-primary" href="/" onClick={onLinkClick}>
            Browse the menu
          </a>
        </div>
      )}
      {orders && orders.length > 0 && (
        <ul className="order-list" style={{ marginTop: 12 }}>
          {orders.map((order) => (
            <li key={order.id}>
              <a className="order-row" href={`/orders/${order.id}`} onClick={onLinkClick}>
                <span className="num">{order.queue_number ?? '–'}</span>
                <span className="what">
                  <strong>{STATUS_WORDS[order.status] ?? order.status}</strong>
                  <span className="muted small">
                    Order #{order.id} · {formatMoney(order.total_amount)}
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
