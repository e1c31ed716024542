/**
 * The verdict on one phase of the chaos suite, from what the clients were told and what the
 * stores hold (see stores-snapshot.ts). After the load, the checker reads the stores again and
 * again until the phase has drained (every order of the phase confirmed, paid and in the
 * kitchen queue, no outbox row unsent, no message waiting on the broker) or the drain window
 * ends; what is still wrong then is counted.
 */
import type { ClientOrder } from './clients.ts';
import { readStores, type StoreLocations, type StoresSnapshot } from './stores-snapshot.ts';

export interface Verdict {
  /** Orders whose placing the client saw answered 2xx. */
  accepted: number;
  /** Accepted orders the client also paid (2xx). */
  paidByClient: number;
  /** Accepted but missing from the orders database, or not confirmed and queued after the drain. */
  lost: number;
  duplicated: {
    /** Keys with more than one order row. */
    rows: number;
    /** Orders with more than one successful payment. */
    payments: number;
    /** Orders whose queue entry in Redis has another number than the order (a second number given). */
    queueEntries: number;
    /** Queue numbers given to more than one order (SQL) or entry of the same day (Redis). */
    queueNumbers: number;
  };
  /** Orders of the phase (accepted or not) paid but not confirmed, or confirmed but not in the queue. */
  stuck: number;
  /** Orders of the phase that ended cancelled (the card never fails here, so a fault did it). */
  cancelled: number;
  /** Accepted orders still not confirmed, by status, to tell what "lost" was. */
  notConfirmed: Record<string, number>;
  deadLetters: Record<string, number>;
  outboxPending: number;
  brokerBacklog: number;
  /** Clients that gave up (never got an answer within their patience), by first reason. */
  gaveUp: Record<string, number>;
  retries: number;
}

export const duplicates = (verdict: Verdict) => Object.values(verdict.duplicated).reduce((a, b) => a + b, 0);
export const deadLetterCount = (verdict: Verdict) => Object.values(verdict.deadLetters).reduce((a, b) => a + b, 0);

export function judge(clients: readonly ClientOrder[], stores: StoresSnapshot): Verdict {
  const rowsByKey = new Map<string, number>();
  for (const row of stores.orders) rowsByKey.set(row.key, (rowsByKey.get(row.key) ?? 0) + 1);
  const byKey = new Map(stores.orders.map((row) => [row.key, row]));
  const done = (id: number, status: string) => status === 'confirmed' && stores.queueEntries.has(id) && (stores.payments.get(id) ?? []).includes('success');

  const notConfirmed: Record<string, number> = {};
  let lost = 0;
  for (const client of clients.filter((c) => c.accepted)) {
    const row = byKey.get(client.key);
    if (row && done(row.id, row.status)) continue;
    lost++;
    const why = !row ? 'missing' : row.status === 'confirmed' ? 'confirmed, not queued or not paid' : row.status;
    notConfirmed[why] = (notConfirmed[why] ?? 0) + 1;
  }
  let stuck = 0;
  let queueEntries = 0;
  for (const row of stores.orders) {
    const paid = (stores.payments.get(row.id) ?? []).includes('success');
    const entry = stores.queueEntries.get(row.id);
    if ((paid && row.status !== 'confirmed') || (row.status === 'confirmed' && !entry)) stuck++;
    if (entry && row.queueNumber !== null && entry.queueNumber !== row.queueNumber) queueEntries++;
  }
  const gaveUp: Record<string, number> = {};
  for (const client of clients) {
    if (!client.gaveUp) continue;
    const reason = client.gaveUp.slice(0, 60);
    gaveUp[reason] = (gaveUp[reason] ?? 0) + 1;
  }
  return {
    accepted: clients.filter((c) => c.accepted).length,
    paidByClient: clients.filter((c) => c.paid).length,
    lost,
    duplicated: {
      rows: [...rowsByKey.values()].filter((n) => n > 1).length,
      payments: [...stores.payments.values()].filter((statuses) => statuses.filter((s) => s === 'success').length > 1).length,
      queueEntries,
      queueNumbers: stores.sqlQueueNumbersTwice + stores.redisQueueNumbersTwice,
    },
    stuck,
    cancelled: stores.orders.filter((row) => row.status === 'cancelled').length,
    notConfirmed,
    deadLetters: stores.deadLetters,
    outboxPending: stores.outboxPending.orders + stores.outboxPending.payments,
    brokerBacklog: stores.brokerBacklog,
    gaveUp,
    retries: clients.reduce((sum, c) => sum + c.retries, 0),
  };
}

/** Drained: nothing of the phase is still on its way. */
function drained(verdict: Verdict): boolean {
  return verdict.lost === 0 && verdict.stuck === 0 && verdict.outboxPending === 0 && verdict.brokerBacklog === 0;
}

export interface CheckResult {
  verdict: Verdict;
  /** From the end of the load until the stores said everything was through; undefined when the window ended first. */
  drainMs: number | undefined;
}

/** Reads the stores every second until the phase drained or `windowMs` passed; the last reading counts. */
export async function checkAfterDrain(at: StoreLocations, phase: string, clients: readonly ClientOrder[], loadEndedAt: number, windowMs: number): Promise<CheckResult> {
  const deadline = Date.now() + windowMs;
  for (;;) {
    let verdict: Verdict | undefined;
    try {
      verdict = judge(clients, await readStores(at, phase));
    } catch (err) {
      // A store that is still coming back is read again on the next round.
      if (Date.now() > deadline) throw err;
    }
    if (verdict && drained(verdict)) return { verdict, drainMs: Date.now() - loadEndedAt };
    if (verdict && Date.now() > deadline) return { verdict, drainMs: undefined };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
