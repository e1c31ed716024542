import type { LiveMessage } from '@canteen/client';
import type { OrderStatus, QueueItem } from '@canteen/contracts';
import { isOnScreen, statusFromQueue, ticketFromQueueItem, type Ticket } from './ticket.ts';

/** What a card shows of a ticket that a fresh snapshot might change. */
function sameTicket(a: Ticket, b: Ticket): boolean {
  return a.status === b.status && a.priority === b.priority && a.number === b.number && a.complete === b.complete && a.paid === b.paid && a.lines.length === b.lines.length;
}

export type LoadState = { phase: 'loading' } | { phase: 'ready'; syncedAt: number } | { phase: 'error'; message: string };

export interface TicketStoreEvents {
  /** A paid order reached the kitchen (not on the first load). */
  onNewOrder(ticket: Ticket): void;
  /** An order on screen turned ready, whichever screen bumped it. */
  onReady(ticket: Ticket): void;
}

/**
 * The tickets as the server last said, fed by the snapshot (GET /api/kitchen/tickets) and
 * the live stream. The stream carries queue entries, not whole orders: a change to a known
 * ticket is applied at once; an order it has never seen shows at once from the entry and asks
 * for that one order (its options, notes and payment: `takeMissing`, then `details`), not for a
 * whole new snapshot of 200 tickets. A React view reads it through useSyncExternalStore.
 */
export function createTicketStore(events: TicketStoreEvents) {
  let tickets = new Map<number, Ticket>();
  let load: LoadState = { phase: 'loading' };
  let loadedOnce = false;
  let version = 0;
  let needsSnapshot = false;
  /** Orders shown from the stream's entry alone, whose details nobody has asked for yet. */
  let missing: number[] = [];
  /**
   * Which tickets the stream (or an answer to a bump) changed, and when, counted in changes:
   * a snapshot asked for before such a change may predate it, and the stream will not say it
   * again, so the snapshot must not undo it (`mark`, then `replaceAll(…, mark)`).
   */
  let clock = 0;
  const touched = new Map<number, number>();
  const touch = (id: number) => touched.set(id, ++clock);
  const listeners = new Set<() => void>();
  const changed = () => {
    version += 1;
    listeners.forEach((fn) => fn());
  };

  /** Moves a ticket and tells who cares when it turned ready. */
  function moveTo(ticket: Ticket, status: OrderStatus, patch: Partial<Ticket> = {}): void {
    if (!isOnScreen(status)) {
      tickets.delete(ticket.id);
      return;
    }
    const next = { ...ticket, ...patch, status };
    tickets.set(ticket.id, next);
    if (status === 'ready' && ticket.status !== 'ready') events.onReady(next);
    // A cash order just paid at the counter reaches the cooks now.
    if (status === 'confirmed' && ticket.status === 'placed') events.onNewOrder(next);
  }

  return {
    /** Where the stream stands now: take it just before asking for a snapshot, give it to `replaceAll`. */
    mark: (): number => clock,
    /**
     * A fresh snapshot replaces everything: nothing stale survives a reconnect. With `askedAt`
     * (the `mark` taken when it was asked for), a ticket the stream changed since then stays as
     * the stream said (moved, removed, or announced after the snapshot was read): the snapshot
     * may be older, and the stream does not repeat itself.
     */
    replaceAll(fresh: Ticket[], at: number, askedAt = Infinity): void {
      const previous = tickets;
      const newer = (id: number) => (touched.get(id) ?? 0) > askedAt;
      tickets = new Map();
      for (const ticket of fresh) {
        const known = previous.get(ticket.id);
        if (newer(ticket.id)) {
          if (known) tickets.set(ticket.id, known);
        } else if (known && sameTicket(known, ticket)) {
          // Unchanged: the same object, so its card does not re-render (200 cards on a refetch).
          tickets.set(ticket.id, known);
        } else if (known) {
          tickets.set(ticket.id, known);
          moveTo(known, ticket.status, ticket);
        } else {
          tickets.set(ticket.id, ticket);
          if (loadedOnce && ticket.status !== 'placed') events.onNewOrder(ticket);
        }
      }
      for (const [id, known] of previous) if (!tickets.has(id) && newer(id)) tickets.set(id, known);
      touched.clear();
      loadedOnce = true;
      needsSnapshot = false;
      load = { phase: 'ready', syncedAt: at };
      changed();
    },
    failed(message: string): void {
      load = { phase: 'error', message };
      changed();
    },
    /** Applies a /ws message; answers whether a snapshot is needed to show it. */
    apply(message: LiveMessage): boolean {
      if (message.type === 'queue_update' || message.type === 'status_update') {
        const item = message.data as QueueItem;
        const known = tickets.get(item.order_id);
        const status = statusFromQueue(item.status);
        touch(item.order_id);
        if (!known) {
          const outline = ticketFromQueueItem(item);
          if (!outline) return needsSnapshot;
          tickets.set(outline.id, outline);
          if (loadedOnce) events.onNewOrder(outline);
          missing.push(outline.id);
          changed();
          return needsSnapshot;
        }
        // Only paid orders reach the queue: a cash order the counter just settled stops reading
        // "Cash due" here, even when the snapshot after the settling still had it unpaid.
        moveTo(known, status, { priority: item.priority, number: item.queue_number, paid: true });
        changed();
        return needsSnapshot;
      }
      if (message.type === 'queue_removed') {
        const { order_id } = message.data as { order_id: number };
        touch(order_id);
        if (tickets.delete(order_id)) changed();
        return needsSnapshot;
      }
      if (message.type === 'snapshot' || message.type === 'welcome') needsSnapshot = true;
      return needsSnapshot;
    },
    /** The orders the stream announced whose details the screen should fetch (each once). */
    takeMissing(): number[] {
      const ids = missing;
      missing = [];
      return ids;
    },
    /**
     * An order's details fetched after the stream announced it. Where it stands (status,
     * number, priority) stays as the stream last said: the stream may have moved it meanwhile.
     */
    details(full: Ticket): void {
      const known = tickets.get(full.id);
      if (!known || known.complete) return;
      tickets.set(full.id, { ...full, status: known.status, number: known.number ?? full.number, priority: known.priority });
      changed();
    },
    /** What the server answered to one of this screen's bumps. */
    confirmed(orderId: number, status: OrderStatus): void {
      const known = tickets.get(orderId);
      if (!known) return;
      touch(orderId);
      moveTo(known, status);
      changed();
    },
    get: (id: number) => tickets.get(id),
    all: () => tickets,
    load: () => load,
    version: () => version,
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export type TicketStore = ReturnType<typeof createTicketStore>;
