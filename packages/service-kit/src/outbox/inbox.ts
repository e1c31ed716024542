/**
 * The consumer half of "at-least-once delivery, exactly-once effect": a handler records the
 * event id in an inbox table and applies its effect in the SAME database transaction. A
 * redelivered event then finds its id already recorded and changes nothing; a crash before
 * commit rolls back both, so the redelivery does the work. Recording the id outside the
 * effect's transaction would lose the effect when the process dies in between.
 *
 * Services implement InboxStore on their transaction object, e.g. for SQL:
 *   INSERT INTO inbox (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING
 * and return whether a row was inserted. Where a guarded state change is already idempotent
 * (a status that only moves forward), the inbox is not needed.
 */
export interface InboxStore {
  /** True the first time `eventId` is seen by `consumer`; false on every later call. */
  recordOnce(consumer: string, eventId: string): Promise<boolean>;
}

/**
 * Runs `effect` unless `consumer` already handled `eventId`. Call it inside the transaction
 * that `inbox` writes to. Resolves to whether the effect ran.
 */
export async function handleOnce(
  inbox: InboxStore,
  consumer: string,
  eventId: string,
  effect: () => Promise<void>,
): Promise<boolean> {
  if (!(await inbox.recordOnce(consumer, eventId))) return false;
  await effect();
  return true;
}
