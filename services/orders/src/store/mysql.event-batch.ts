import { createCallBatcher } from '@canteen/service-kit';
import type { Pool, ResultSetHeader } from 'mysql2/promise';
import { cloneRecord } from './clone-record.ts';
import type { OrderRecord } from '../domain/order.ts';
import type { MysqlOutbox } from './mysql.outbox.ts';
import { numbersAtCommit } from './mysql.queue-numbers.ts';
import { inTransaction, type Statement } from './mysql.transaction.ts';
import { changedOrder, ITEM_COLUMNS, type ItemRow, linesByOrder, ORDER_COLUMNS, ORDER_UPDATE_SQL, orderFromRow, type OrderRow, orderUpdateValues } from './order.rows.ts';
import { type EventUpdate, type EventUpdateResult, SYSTEM_ACTOR } from './order.store.ts';
import { historyStatements } from './status-history.rows.ts';

/** Payment events of one batch at most; the consumer's prefetch is the natural bound. */
const MAX_BATCH = 32;
/** Batches under way at once, on a pool of eight: room for a failed batch's events one by one. */
const MAX_IN_FLIGHT = 4;

const identity = (date: Date): Date => date;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Any one order will do, as long as every batch uses the same. */
const byInboxKey = (a: EventUpdate, b: EventUpdate) => compare(a.consumer, b.consumer) || compare(a.eventId, b.eventId);

/**
 * `updateOrderOnce` with group commit. An event costs two round trips and a commit (its inbox
 * row with the locked read, then the write with COMMIT); in a rush the payment events of a
 * turn share them: one transaction writes every event's inbox row, locks and reads all
 * their orders at once, applies each event in delivery order (a second event for the same
 * order sees the first one's result) and commits the changes, the events and the inbox rows
 * together. Each call still gets its own answer: a duplicate, an unknown order or a change
 * that throws affects that event only (its inbox row is taken back, as a rollback would).
 * If the batch as a whole fails (a lost connection, deadlocks that outlast the retries), its
 * events run again one by one, so one bad apple cannot hold back the rest.
 */
export function createEventBatcher(
  pool: Pool,
  outbox: MysqlOutbox,
  now: () => Date,
  /** The canteen's time zone, for the queue numbers of the orders the batch confirms. */
  timeZone: string,
  /** Told when a batch failed as a whole and its events run one by one. */
  onFallback: (err: unknown, size: number) => void = () => undefined,
): (update: EventUpdate) => Promise<EventUpdateResult> {
  async function together(updates: readonly EventUpdate[]): Promise<PromiseSettledResult<EventUpdateResult>[]> {
    // Inbox rows in one global order and order rows by id: two batches never wait on each other in a cycle.
    const inboxOrder = [...updates].sort(byInboxKey);
    const ids = [...new Set(updates.map((update) => update.id))].sort((a, b) => a - b);
    return inTransaction(pool, async (tx) => {
      const results = await tx.run([
        ...inboxOrder.map(({ consumer, eventId }): Statement => ['INSERT IGNORE INTO inbox (consumer, event_id, created_at) VALUES (?, ?, ?)', [consumer, eventId, now()]]),
        [`SELECT ${ORDER_COLUMNS} FROM orders WHERE id IN (?) ORDER BY id FOR UPDATE`, [ids]],
        [`SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id IN (?) ORDER BY order_id, position`, [ids]],
      ]);
      const recorded = new Set<EventUpdate>(inboxOrder.filter((_, index) => (results[index] as ResultSetHeader).affectedRows === 1));
      const current = ordersFrom(results[inboxOrder.length] as OrderRow<Date>[], results[inboxOrder.length + 1] as ItemRow[]);

      const outcomes: PromiseSettledResult<EventUpdateResult>[] = [];
      const changed = new Set<number>();
      // Each applied event's before and after; their outbox events are made once every order
      // that takes a queue number has it, so the events carry it.
      const applied: { update: EventUpdate; before: OrderRecord; after: OrderRecord }[] = [];
      const takeBack: EventUpdate[] = [];
      for (const update of updates) {
        if (!recorded.has(update)) {
          outcomes.push({ status: 'fulfilled', value: 'duplicate' });
          continue;
        }
        const before = current.get(update.id);
        if (!before) {
          // No such order: the event is not marked handled.
          takeBack.push(update);
          outcomes.push({ status: 'fulfilled', value: undefined });
          continue;
        }
        try {
          // change gets its own copy: whatever it does to it, `before` stays what it was.
          const next = update.change(cloneRecord(before));
          if (next === undefined) {
            outcomes.push({ status: 'fulfilled', value: { before, after: cloneRecord(before), changed: false } });
            continue;
          }
          const after = changedOrder(before, next);
          current.set(update.id, after);
          changed.add(update.id);
          applied.push({ update, before, after });
          outcomes.push({ status: 'fulfilled', value: { before, after, changed: true } });
        } catch (err) {
          // Refused: as its own transaction would have rolled back, the event is not marked handled.
          takeBack.push(update);
          outcomes.push({ status: 'rejected', reason: err });
        }
      }
      // A later event of the same order starts from the earlier one's `after` itself (not a
      // copy), so the stand-in given to it here is in that event's `before` too.
      const numbers = numbersAtCommit(applied.map(({ after }) => after), timeZone);
      const eventIds = new Map<number, string[]>();
      const writes = applied.map(({ update, before, after }) => {
        const events = update.events(before, after);
        eventIds.set(update.id, [...(eventIds.get(update.id) ?? []), ...events.map((event) => event.eventId)]);
        return { id: update.id, written: outbox.write(events) };
      });
      const committed = await tx.commit([
        ...[...changed].map((id): Statement => [ORDER_UPDATE_SQL, [...orderUpdateValues(current.get(id)!, identity), id]]),
        // Each applied event's own move (two events of one order in a batch are two lines).
        ...applied.flatMap(({ before, after }) => historyStatements(before, after, SYSTEM_ACTOR)),
        ...writes.flatMap(({ written }) => written.statements),
        ...takeBack.map(({ consumer, eventId }): Statement => ['DELETE FROM inbox WHERE consumer = ? AND event_id = ?', [consumer, eventId]]),
        ...(numbers?.statements((id) => eventIds.get(id) ?? []) ?? []),
      ]);
      if (numbers) {
        numbers.settle(committed);
        for (const outcome of outcomes) {
          if (outcome.status !== 'fulfilled' || typeof outcome.value !== 'object') continue;
          numbers.fill(outcome.value.before);
          numbers.fill(outcome.value.after);
        }
      }
      for (const { id, written } of writes) written.committed(numbers && ((payload) => numbers.fillPayload(id, payload)));
      return outcomes;
    });
  }

  return createCallBatcher<EventUpdate, EventUpdateResult>(
    async (updates) => {
      try {
        return await together(updates);
      } catch (err) {
        if (updates.length === 1) return [{ status: 'rejected', reason: err }];
        onFallback(err, updates.length);
        const alone = (update: EventUpdate): Promise<PromiseSettledResult<EventUpdateResult>> =>
          together([update]).then(
            ([result]) => result!,
            (reason: unknown) => ({ status: 'rejected', reason }),
          );
        return Promise.all(updates.map(alone));
      }
    },
    { maxBatch: MAX_BATCH, maxInFlight: MAX_IN_FLIGHT },
  );
}

function ordersFrom(rows: OrderRow<Date>[], items: ItemRow[]): Map<number, OrderRecord> {
  const linesOf = linesByOrder(items);
  return new Map(rows.map((row) => [Number(row.id), orderFromRow(row, linesOf.get(Number(row.id)) ?? [], identity)]));
}
