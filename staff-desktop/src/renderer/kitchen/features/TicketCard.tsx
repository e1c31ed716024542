import { memo } from 'react';
import { BUMP_LABELS, nextStatus, type Ticket, type TicketLine } from '../tickets/ticket.ts';
import { AgeLabel } from './AgeLabel.tsx';

const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' });

export interface TicketActions {
  select(id: number): void;
  bump(id: number): void;
  /** Its last unsent bump; without an id, this screen's last. */
  recall(id?: number | null): void;
  soldOut(line: TicketLine): void;
  settleCash(id: number): void;
  cancel(id: number): void;
}

interface Props {
  ticket: Ticket;
  selected: boolean;
  /** This screen's bumps of it still waiting to be sent (held for recall, or offline). */
  waiting: number;
  dimStation: string | null;
  actions: TicketActions;
}

function Line({ line, dimmed, onSoldOut }: { line: TicketLine; dimmed: boolean; onSoldOut: ((line: TicketLine) => void) | null }) {
  return (
    <li className={dimmed ? 'line line-other-station' : 'line'}>
      <div className="line-text">
        <span className="line-qty">{line.quantity}×</span> <span className="line-name">{line.name}</span>{' '}
        {line.options.length > 0 && <span className="line-options">{line.options.join(', ')}</span>}
        {line.note && <span className="line-note">Note: {line.note}</span>}
      </div>
      {onSoldOut && (
        <button type="button" className="button button-soldout" onClick={() => onSoldOut(line)} aria-label={`Mark ${line.name} sold out`}>
          Sold out
        </button>
      )}
    </li>
  );
}

/** One order: number, age, payment, priority, lines with their options and notes, and its actions. */
export const TicketCard = memo(function TicketCard({ ticket, selected, waiting, dimStation, actions }: Props) {
  const next = nextStatus(ticket);
  // An order waiting for cash at the counter has no queue number yet; its id must not read as
  // one ("Order 19" next to "#19" sent cooks to the wrong plate).
  const title = ticket.number === null ? `No number · id ${ticket.id}` : `#${ticket.number}`;
  const cashDue = ticket.paymentMethod === 'cash' && !ticket.paid;
  return (
    <article
      className={`ticket${selected ? ' ticket-selected' : ''}${ticket.priority > 0 ? ' ticket-priority' : ''}`}
      aria-label={`Ticket ${title}, order ${ticket.id}`}
      aria-current={selected ? 'true' : undefined}
      data-order-id={ticket.id}
      onClick={() => actions.select(ticket.id)}
    >
      <header className="ticket-head">
        <h3 className={ticket.number === null ? 'ticket-number ticket-number-pending' : 'ticket-number'}>
          {ticket.number === null ? (
            <>
              <span className="ticket-id">No number ·</span> <span className="ticket-id">id {ticket.id}</span>
            </>
          ) : (
            title
          )}
        </h3>
        <AgeLabel since={ticket.createdAt} />
      </header>
      <p className="ticket-tags">
        {!ticket.complete ? (
          <span className="tag tag-waiting">Loading details…</span>
        ) : cashDue ? (
          <span className="tag tag-cash">Cash due {inr.format(ticket.total)}</span>
        ) : (
          <span className="tag tag-paid">✓ Paid</span>
        )}
        {ticket.priority > 0 && <span className="tag tag-priority">▲ Priority {ticket.priority}</span>}
        {selected && <span className="tag tag-selected">Selected</span>}
        {waiting > 0 && <span className="tag tag-waiting">Sending…</span>}
      </p>
      {ticket.note && <p className="ticket-note">Note: {ticket.note}</p>}
      <ul className="lines">
        {ticket.lines.map((line, index) => (
          <Line key={index} line={line} dimmed={dimStation !== null && line.station !== dimStation} onSoldOut={ticket.complete ? actions.soldOut : null} />
        ))}
      </ul>
      <div className="ticket-actions">
        {cashDue && ticket.status === 'placed' ? (
          <button
            type="button"
            className="button button-bump"
            onClick={(event) => (event.stopPropagation(), actions.settleCash(ticket.id))}
            aria-label={`Take ${inr.format(ticket.total)} cash for ${title}`}
          >
            Take cash
          </button>
        ) : (
          next && (
            <button type="button" className="button button-bump" onClick={(event) => (event.stopPropagation(), actions.bump(ticket.id))} aria-label={`${BUMP_LABELS[next]} ${title}`}>
              {BUMP_LABELS[next]} ▶
            </button>
          )
        )}
        {/* While a bump of it waits, taking it back is the likely next move, not cancelling. */}
        {waiting > 0 ? (
          <button type="button" className="button" onClick={(event) => (event.stopPropagation(), actions.recall(ticket.id))} aria-label={`Recall ${title}`}>
            Recall
          </button>
        ) : (
          <button type="button" className="button button-quiet" onClick={(event) => (event.stopPropagation(), actions.cancel(ticket.id))} aria-label={`Cancel ${title}`} title="Cancel with a reason">
            ✕
          </button>
        )}
      </div>
    </article>
  );
});
