import { newIdempotencyKey, type BffClient } from '@canteen/client';
import type { OrderStatus } from '@canteen/contracts';
import type { Ticket } from '../tickets/ticket.ts';
import type { BumpEntry, KitchenDb } from './bump-db.ts';
import { queueBump, recallBump, sendDueBumps } from './bump-outbox.ts';

export interface BumpNotice {
  id: number;
  kind: 'bumped' | 'recalled' | 'refused' | 'too-late';
  text: string;
  orderId: number;
  at: number;
}

interface Deps {
  db: KitchenDb;
  api: Pick<BffClient, 'setOrderStatus'>;
  /** The server took a bump: show the ticket where the server now has it. */
  onSent(entry: BumpEntry): void;
  now?: () => number;
  tickMs?: number;
}

/**
 * The screen's side of bumping: every bump goes to IndexedDB first (so a reload or a dropped
 * network loses none), is held for the recall window, then sent in order by a small loop.
 * `pending` mirrors the store for the screen, which shows each ticket where its bumps put it.
 */
export function createBumpRunner({ db, api, onSent, now = Date.now, tickMs = 500 }: Deps) {
  let pending: BumpEntry[] = [];
  let notices: BumpNotice[] = [];
  let noticeId = 0;
  let sending = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((fn) => fn());

  const reload = async () => {
    pending = await db.bumps.orderBy('seq').toArray();
    notify();
  };
  const notice = (kind: BumpNotice['kind'], orderId: number, text: string) => {
    notices = [{ id: (noticeId += 1), kind, orderId, text, at: now() }, ...notices].slice(0, 5);
  };
  const label = (number: number | null, orderId: number) => (number === null ? `order ${orderId}` : `#${number}`);

  async function tick(): Promise<void> {
    if (sending || pending.length === 0) return;
    sending = true;
    try {
      const result = await sendDueBumps(db, api, now());
      result.sent.forEach(onSent);
      for (const { entry, message } of result.refused) notice('refused', entry.orderId, `${label(entry.number, entry.orderId)} not moved to ${entry.to}: ${message}`);
      if (result.sent.length || result.refused.length || result.waiting) await reload();
    } finally {
      sending = false;
    }
  }

  return {
    async start(): Promise<void> {
      await reload();
      timer ??= setInterval(() => void tick(), tickMs);
    },
    stop(): void {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    async bump(ticket: Ticket, from: OrderStatus, to: OrderStatus): Promise<void> {
      await queueBump(db, { key: newIdempotencyKey(), orderId: ticket.id, number: ticket.number, from, to, createdAt: now() });
      notice('bumped', ticket.id, `${label(ticket.number, ticket.id)} → ${to}`);
      await reload();
    },
    /** Takes back the newest unsent bump (of that ticket, or of any); says so when it has gone already. */
    async recall(orderId?: number): Promise<BumpEntry | null> {
      const entry = await recallBump(db, orderId);
      if (entry) notice('recalled', entry.orderId, `${label(entry.number, entry.orderId)} back to ${entry.from}`);
      else notice('too-late', orderId ?? 0, 'Nothing to recall: bumps are sent after 3 seconds, and the server only moves orders forward');
      await reload();
      return entry;
    },
    /** Send now what is due (the connection came back). */
    flush: () => tick(),
    pending: () => pending,
    notices: () => notices,
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export type BumpRunner = ReturnType<typeof createBumpRunner>;
