import type { NewOutboxEvent, OutboxRecord, OutboxStore } from './outbox.ts';

export interface MemoryOutboxStoreOptions {
  /** Injected so tests can move time; defaults to Date.now. */
  now?: () => number;
  /** How long a claim keeps other claimers off a record (a crashed relay's lease runs out). */
  leaseMs?: number;
}

/** A snapshot of one row, for tests and diagnostics. */
export interface OutboxEntry {
  eventId: string;
  routingKey: string;
  payload: unknown;
  attempts: number;
  lastError: string | undefined;
  retryAt: number;
  sentAt: number | undefined;
}

interface Row {
  event: NewOutboxEvent;
  attempts: number;
  lastError: string | undefined;
  retryAt: number;
  leasedUntil: number;
  sentAt: number | undefined;
}

/**
 * The OutboxStore contract in memory: the reference for tests, and the outbox of a service
 * whose state is in memory anyway (the queue service without Redis). Insertion order is the
 * publish order; sent rows are kept (not deleted) so tests can look at them.
 */
export class MemoryOutboxStore implements OutboxStore {
  private readonly rows = new Map<string, Row>();
  private readonly sentOrder: string[] = [];
  private readonly now: () => number;
  private readonly leaseMs: number;

  constructor(options: MemoryOutboxStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /** Appends an event; a real store does this inside the business transaction. */
  add(event: NewOutboxEvent): void {
    if (this.rows.has(event.eventId)) throw new Error(`outbox already holds event ${event.eventId}`);
    // A copy, so the caller mutating its object later cannot change what gets published.
    const copy = structuredClone(event);
    this.rows.set(event.eventId, { event: copy, attempts: 0, lastError: undefined, retryAt: 0, leasedUntil: 0, sentAt: undefined });
  }

  async claimBatch(limit: number): Promise<OutboxRecord[]> {
    const now = this.now();
    const claimed: OutboxRecord[] = [];
    for (const row of this.rows.values()) {
      if (claimed.length >= limit) break;
      if (row.sentAt !== undefined || row.retryAt > now || row.leasedUntil > now) continue;
      row.leasedUntil = now + this.leaseMs;
      const { eventId, routingKey, payload, headers } = structuredClone(row.event);
      claimed.push({ eventId, routingKey, payload, attempts: row.attempts, ...(headers ? { headers } : {}) });
    }
    return claimed;
  }

  async markSent(ids: string[]): Promise<void> {
    const now = this.now();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row || row.sentAt !== undefined) continue;
      row.sentAt = now;
      row.leasedUntil = 0;
      this.sentOrder.push(id);
    }
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.sentAt !== undefined) return;
    row.attempts += 1;
    row.lastError = error;
    row.retryAt = retryAt.getTime();
    row.leasedUntil = 0;
  }

  /** Event ids in the order they were marked sent. */
  sent(): string[] {
    return [...this.sentOrder];
  }

  /** Rows not sent yet, oldest first. */
  pending(): OutboxEntry[] {
    return this.entries().filter((entry) => entry.sentAt === undefined);
  }

  entries(): OutboxEntry[] {
    return [...this.rows.values()].map((row) => ({
      eventId: row.event.eventId,
      routingKey: row.event.routingKey,
      payload: structuredClone(row.event.payload),
      attempts: row.attempts,
      lastError: row.lastError,
      retryAt: row.retryAt,
      sentAt: row.sentAt,
    }));
  }
}
