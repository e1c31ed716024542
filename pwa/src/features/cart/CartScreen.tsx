import { useState } from 'react';
import type { PaymentMethod } from '@canteen/contracts';
import { ApiError } from '@canteen/client';
import { useDexie, useOnline, useSession } from '../../app/hooks.ts';
import { navigate, onLinkClick } from '../../app/router.ts';
import { formatMoney, getDb } from '../../app/services.ts';
import { placeOrder } from '../checkout/place-order.ts';
import { useUnorderable } from '../menu/live-menu.ts';
import { cartTotal, orderBody, setQuantity } from './cart.ts';
import './cart.css';

const METHODS: { id: Exclude<PaymentMethod, 'mock'>; label: string; note: string }[] = [
  { id: 'upi', label: 'UPI', note: 'Pay from any UPI app' },
  { id: 'card', label: 'Card', note: 'Debit or credit card' },
  { id: 'cash', label: 'Cash at the counter', note: 'Pay when you collect' },
];

/** The cart and the checkout in one screen: fewer taps between "hungry" and "ordered". */
export function CartScreen() {
  const lines = useDexie((db) => db.cart.orderBy('addedAt').toArray());
  const session = useSession();
  const online = useOnline();
  const [method, setMethod] = useState<Exclude<PaymentMethod, 'mock'>>('upi');
  const [upiId, setUpiId] = useState('');
  const [cardToken, setCardToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unorderable = useUnorderable();

  if (!lines) return <div className="skeleton" style={{ height: 200 }} aria-busy="true" />;
  if (lines.length === 0) {
    return (
      <div className="empty-state">
        <h1 className="screen-title">Your cart</h1>
        <p>
          <strong>Your cart is empty</strong>
        </p>
        <p className="muted">Nothing added yet — the menu is one tap away.</p>
        <a className="btn btn-primary" href="/" onClick={onLinkClick}>
          Browse the menu
        </a>
      </div>
    );
  }
  const total = cartTotal(lines);
  // A dish that sold out after it went into the cart: flagged on its line, and the order waits
  // until it is taken out (the kitchen would refuse it anyway).
  const soldOut = lines.filter((line) => unorderable.has(line.menuItemId));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!session) return navigate('/sign-in?next=/cart');
    if (soldOut.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const token = method === 'upi' ? upiId.trim() : method === 'card' ? cardToken.trim() : '';
      const result = await placeOrder(orderBody(lines, { payment_method: method, ...(token ? { payment_token: token } : {}) }));
      navigate('orderId' in result ? `/orders/${result.orderId}` : `/orders/queued/${result.queuedKey}`);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : 'The order could not be placed.');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="cart-title">
      <h1 id="cart-title" className="screen-title">
        Your cart
      </h1>
      <ul className="cart-lines">
        {lines.map((line) => (
          <li key={line.key} className={unorderable.has(line.menuItemId) ? 'cart-line sold-out' : 'cart-line'}>
            <div className="cart-line-main">
              <strong>{line.name}</strong>
              {unorderable.has(line.menuItemId) && <span className="sold-out-tag">Sold out — remove it to order</span>}
              {line.options.length > 0 && <span className="muted small">{line.options.flatMap((o) => o.names).join(', ')}</span>}
              <span className="small">{formatMoney(line.unitPrice)} each</span>
            </div>
            <div className="stepper" role="group" aria-label={`Quantity of ${line.name}`}>
              <button type="button" aria-label={line.quantity === 1 ? `Remove ${line.name}` : `One less ${line.name}`} onClick={() => void getDb().then((db) => setQuantity(db, line.key, line.quantity - 1))}>
                −
              </button>
              <output>{line.quantity}</output>
              <button type="button" aria-label={`One more ${line.name}`} onClick={() => void getDb().then((db) => setQuantity(db, line.key, line.quantity + 1))}>
                +
              </button>
            </div>
            <span className="cart-line-total">{formatMoney(line.unitPrice * line.quantity)}</span>
          </li>
        ))}
      </ul>
      <p className="cart-total">
        <span>Total</span>
        <strong>{formatMoney(total)}</strong>
      </p>

      <fieldset className="pay">
        <legend>How will you pay?</legend>
        {METHODS.map((m) => (
          <label key={m.id} className={method === m.id ? 'pay-option selected' : 'pay-option'}>
            <input type="radio" name="payment" value={m.id} checked={method === m.id} onChange={() => setMethod(m.id)} />
            <span>
              <strong>{m.label}</strong>
              <span className="muted small">{m.note}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {method === 'upi' && (
        <div className="field">
          <label htmlFor="upi-id">UPI ID</label>
          <input id="upi-id" value={upiId} onChange={(e) => setUpiId(e.target.value)} placeholder="name@bank" autoComplete="off" inputMode="email" />
          <span className="hint">Demo gateway: fail@upi is declined, anything else pays.</span>
        </div>
      )}
      {method === 'card' && (
        <div className="field">
          <label htmlFor="card-token">Card token</label>
          <input id="card-token" value={cardToken} onChange={(e) => setCardToken(e.target.value)} placeholder="tok_visa" autoComplete="off" />
          <span className="hint">Demo gateway: tok_card_declined is declined, anything else pays.</span>
        </div>
      )}
      {!online && (
        <div className="banner offline" role="status">
          <span className="icon" aria-hidden="true">☁</span>
          <div>
            <strong>You’re offline</strong>
            Your order will wait on this phone and be sent by itself when you’re back online.
          </div>
        </div>
      )}
      {error && (
        <div className="banner error" role="alert">
          <span className="icon" aria-hidden="true">⚠</span>
          <div>
            <strong>The order was not placed</strong>
            {error}
          </div>
        </div>
      )}
      {soldOut.length > 0 && (
        <div className="banner error" role="alert">
          <span className="icon" aria-hidden="true">⚠</span>
          <div>
            <strong>{soldOut.map((line) => line.name).join(', ')} just sold out</strong>
            Take it out of your cart to place the order.
          </div>
        </div>
      )}
      <div className="bottom-bar">
        <div className="bottom-bar-inner">
          <button type="submit" className="btn btn-primary btn-block" disabled={busy || soldOut.length > 0}>
            {busy ? 'Placing your order…' : session ? `Place order · ${formatMoney(total)}` : 'Sign in to order'}
          </button>
        </div>
      </div>
    </form>
  );
}
