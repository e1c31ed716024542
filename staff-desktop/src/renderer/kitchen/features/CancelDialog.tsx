import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Ticket } from '../tickets/ticket.ts';

const REASONS = ['Student asked to cancel', 'Out of an ingredient', 'Duplicate order', 'Not collected'];

/** Cancelling needs a reason (the student sees it, and a paid order is refunded). */
export function CancelDialog({ ticket, onConfirm, onClose }: { ticket: Ticket; onConfirm: (reason: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(REASONS[0]!);
  const [other, setOther] = useState('');
  const [missing, setMissing] = useState(false);
  const otherInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const title = ticket.number === null ? `order ${ticket.id}` : `#${ticket.number}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = reason === 'Other' ? other.trim() : reason;
    // Spaces are no reason either: say so, and send nothing.
    if (!text) {
      setMissing(true);
      otherInput.current?.focus();
      return;
    }
    onConfirm(text);
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="cancel-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="cancel-title">Cancel {title}?</h2>
        <p className="muted">The student is told the reason; what they paid is refunded.</p>
        <fieldset className="reasons">
          <legend>Reason</legend>
          {[...REASONS, 'Other'].map((option) => (
            <label key={option} className="reason">
              <input type="radio" name="reason" value={option} checked={reason === option} onChange={() => setReason(option)} />
              {option}
            </label>
          ))}
        </fieldset>
        {reason === 'Other' && (
          <label>
            Reason in your words
            <input
              ref={otherInput}
              type="text"
              maxLength={300}
              required
              aria-invalid={missing}
              aria-describedby={missing ? 'cancel-reason-missing' : undefined}
              value={other}
              onChange={(event) => (setOther(event.target.value), setMissing(false))}
            />
          </label>
        )}
        {missing && reason === 'Other' && (
          <p id="cancel-reason-missing" className="form-error" role="alert">
            Write the reason: the student is told it. Nothing was cancelled.
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Keep the order
          </button>
          <button type="submit" className="button button-danger">
            Cancel {title}
          </button>
        </div>
      </form>
    </dialog>
  );
}
