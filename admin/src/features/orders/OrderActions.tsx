import { useState } from 'react';
import type { Order, Payment } from '@canteen/contracts';
import { ApiError } from '@canteen/client';
import { api, formatMoney } from '../../app/services.ts';
import { fieldErrors, messageOf } from '../../ui/errors.ts';
import { Field } from '../../ui/Field.tsx';
import { Notice } from '../../ui/states.tsx';

interface Props {
  order: Order;
  payment: Payment | null;
  onDone: (message: string) => void;
}

const FINISHED: Order['status'][] = ['completed', 'cancelled'];

/** Cancel the order, or refund all or part of its payment; both need a reason, which the record keeps. */
export function OrderActions({ order, payment, onDone }: Props) {
  const [mode, setMode] = useState<'cancel' | 'refund' | null>(null);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'all' | 'part'>('all');
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refundable = payment && (payment.status === 'success' || payment.status === 'partially_refunded') ? payment : null;
  const left = refundable ? Math.round((refundable.amount - refundable.refunded_amount) * 100) / 100 : 0;
  const cancellable = !FINISHED.includes(order.status);
  if (!cancellable && !refundable) return <p className="muted small">Nothing more can be done with this order: it is {order.status} and nothing is left to refund.</p>;

  const open = (next: 'cancel' | 'refund') => {
    setMode(next);
    setReason('');
    setAmount('');
    setScope('all');
    setErrors({});
    setProblem(null);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setErrors({ reason: 'Say why: the student and the records see it.' });
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      if (mode === 'cancel') {
        await api.cancelOrder(order.id, reason.trim());
        onDone(`Order ${order.id} is cancelled.${payment?.status === 'success' ? ' Its payment is refunded in full.' : ''}`);
      } else if (refundable) {
        const answer = await api.refund(refundable.payment_id, { reason: reason.trim(), ...(scope === 'part' ? { amount: Number(amount) } : {}) });
        onDone(answer.refund.message);
      }
      setMode(null);
    } catch (err) {
      const byField = fieldErrors(err);
      // The amount's own refusals come without `details`: they belong next to the amount all the same.
      if (err instanceof ApiError && (err.code === 'REFUND_EXCEEDS_CAPTURED' || err.code === 'INVALID_REFUND_AMOUNT')) byField.amount = err.message;
      setErrors(byField);
      setProblem(byField.amount || byField.reason ? null : messageOf(err, mode === 'cancel' ? 'Cancelling' : 'The refund'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="order-actions">
      <div className="btn-row">
        {cancellable && (
          <button type="button" className="btn btn-danger" aria-expanded={mode === 'cancel'} onClick={() => open('cancel')}>
            Cancel order
          </button>
        )}
        {refundable && (
          <button type="button" className="btn" aria-expanded={mode === 'refund'} onClick={() => open('refund')}>
            Refund…
          </button>
        )}
      </div>
      {mode && (
        <form className="card action-form" onSubmit={(e) => void submit(e)} aria-label={mode === 'cancel' ? 'Cancel the order' : 'Refund the payment'} noValidate>
          <h3>{mode === 'cancel' ? `Cancel order ${order.id}` : `Refund — ${formatMoney(left)} can still be refunded`}</h3>
          {mode === 'cancel' && <p className="muted small">{payment?.status === 'success' ? 'What was paid is refunded in full.' : 'Nothing was paid, so nothing is refunded.'}</p>}
          {mode === 'refund' && (
            <fieldset>
              <legend>How much</legend>
              <label className="check-line">
                <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />
                Everything left ({formatMoney(left)}){order.status === 'completed' ? '' : ' — this also cancels the order'}
              </label>
              <label className="check-line">
                <input type="radio" name="scope" checked={scope === 'part'} onChange={() => setScope('part')} />
                Part of it
              </label>
              {scope === 'part' && (
                <Field label="Amount to refund (₹)" error={errors.amount} hint={`At most ${formatMoney(left)}. The order carries on.`}>
                  <input type="number" step="0.01" min={0.01} max={left} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} />
                </Field>
              )}
            </fieldset>
          )}
          <Field label="Reason" error={errors.reason}>
            <input value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={300} placeholder={mode === 'cancel' ? 'e.g. out of paneer' : 'e.g. the dosa was cold'} />
          </Field>
          {problem && <Notice tone="error">{problem}</Notice>}
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Working…' : mode === 'cancel' ? 'Cancel the order' : 'Refund'}
            </button>
            <button type="button" className="btn" onClick={() => setMode(null)}>
              Back
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
