/**
 * The transactional outbox. A service writes its events into an outbox table in the same
 * database transaction as the state change they announce; the relay then publishes them and
 * marks them sent. A crash between commit and publish only delays an event, never loses it.
 */
export interface OutboxRecord {
  /** The event id: unique, and the AMQP messageId consumers deduplicate on. */
  eventId: string;
  routingKey: string;
  /** The event body; published as JSON. */
  payload: unknown;
  /** Failed publish attempts so far. */
  attempts: number;
  headers?: Record<string, unknown>;
}

/**
 * The relay's view of an outbox table. Each service's store implements it on its own
 * database; the memory store is the reference for tests and the in-memory queue service.
 */
export interface OutboxStore {
  /**
   * Hands out up to `limit` unsent records that are due (no `retryAt` in the future), oldest
   * first, and leases them so a second relay (another replica) does not take them too, e.g.
   * `SELECT … FOR UPDATE SKIP LOCKED` plus a lease column. A lease must expire by itself
   * (a minute or so), so rows claimed by a relay that crashed are taken up again.
   */
  claimBatch(limit: number): Promise<OutboxRecord[]>;
  /** The broker confirmed these: never hand them out again (delete or stamp `sent_at`). */
  markSent(ids: string[]): Promise<void>;
  /**
   * Publishing failed: release the lease, count the attempt, keep the error for operators and
   * do not hand the record out before `retryAt`. The relay computes the backoff so every
   * store gets the same schedule without reimplementing it.
   */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
}

/** What a use case appends inside its transaction. */
export interface NewOutboxEvent {
  eventId: string;
  routingKey: string;
  payload: unknown;
  headers?: Record<string, unknown>;
}
