import { useEffect, useMemo, useRef, useState } from 'react';
import type { KitchenServices } from '../app/services.ts';
import { nextStatus, type Ticket, type TicketLine } from '../tickets/ticket.ts';
import type { TicketActions } from './TicketCard.tsx';

export interface Toast {
  text: string;
  tone: 'info' | 'error';
  undo?: () => void;
}

/**
 * What the cook's taps do. Bumps go through the outbox (held for recall, kept offline); the
 * rest (sold out, cash, cancel) need the server now and say so plainly when it is not there.
 */
export function useKitchenActions(services: KitchenServices, tickets: Map<number, Ticket>, select: (id: number | null) => void) {
  const [toast, setToast] = useState<Toast | null>(null);
  const [cancelling, setCancelling] = useState<Ticket | null>(null);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), toast.undo ? 10_000 : 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  const failed = (what: string) => (err: unknown) =>
    setToast({ tone: 'error', text: `${what} did not work: ${err instanceof Error ? err.message : String(err)}. Nothing was changed; try again.` });
  // Read at call time, so the actions object stays the same and no card re-renders for it.
  const latest = useRef(tickets);
  latest.current = tickets;

  const actions: TicketActions = useMemo(
    () => ({
      select: (id) => select(id),
      bump(id) {
        const ticket = latest.current.get(id);
        const next = ticket && nextStatus(ticket);
        if (!ticket || !next) return;
        void services.bumps.bump(ticket, ticket.status, next);
      },
      recall: (id) => void services.bumps.recall(id ?? undefined),
      soldOut(line: TicketLine) {
        services.api.setMenuItemAvailable(line.menuItemId, false).then(
          () =>
            setToast({
              tone: 'info',
              text: `${line.name} is sold out: students cannot order it now.`,
              undo: () =>
                void services.api.setMenuItemAvailable(line.menuItemId, true).then(
                  () => setToast({ tone: 'info', text: `${line.name} is back on the menu.` }),
                  failed(`Putting ${line.name} back`),
                ),
            }),
          failed(`Marking ${line.name} sold out`),
        );
      },
      settleCash(id) {
        services.api
          .orderPayment(id)
          .then((payment) => services.api.settlePayment(payment.payment_id))
          .then(() => {
            setToast({ tone: 'info', text: 'Cash taken: the order goes to the kitchen.' });
            return services.refresh();
          })
          .catch(failed('Taking the cash'));
      },
      cancel(id) {
        const ticket = latest.current.get(id);
        if (ticket) setCancelling(ticket);
      },
    }),
    [services, select],
  );

  async function confirmCancel(ticket: Ticket, reason: string) {
    setCancelling(null);
    try {
      await services.api.cancelOrder(ticket.id, reason);
      setToast({ tone: 'info', text: `Order ${ticket.number === null ? ticket.id : `#${ticket.number}`} cancelled; a paid order is refunded.` });
      await services.refresh();
    } catch (err) {
      failed('Cancelling')(err);
    }
  }

  return { actions, toast, setToast, cancelling, setCancelling, confirmCancel };
}
