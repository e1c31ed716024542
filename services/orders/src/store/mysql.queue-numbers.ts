import type { RowDataPacket } from 'mysql2/promise';
import type { OrderRecord } from '../domain/order.ts';
import { giveNumbers, numbersWanted } from '../domain/queue-number.ts';
import type { Statement, Transaction } from './mysql.transaction.ts';

/**
 * Stand-ins are this or below: negative, so no real number is one, and they fit the INT column.
 * Every stand-in is written with the same number of characters ("-20000000xx"), so the text of
 * one is never part of another's.
 */
const STAND_IN_BASE = -2_000_000_000;

/**
 * Queue numbers given in the round trip that commits. The day's counter row is the one row that
 * every confirming transaction of every orders instance locks. Read before the commit (take the
 * number, build the events with it here, then send the commit), it stayed locked for a round
 * trip to this process and for as long as a busy event loop took to come back to it, and the
 * confirmations of the whole service queued behind it (measured with the order-loop bench: the
 * payment events' queue backed up and p99 went from ~150 ms to 530–650 ms).
 *
 * So until the commit an order taking a number carries a stand-in, in its row and in its
 * events (the events are built from the order as usual, so the stand-in is written exactly
 * where the number goes); the last statements before COMMIT bump the counter, put the real
 * numbers in place of the stand-ins in the rows and in the events' JSON, and read the numbers
 * back. The counter is locked after the orders' rows (every writer locks in that order, so none
 * waits on another in a cycle) and only while the server runs those statements and commits. A
 * transaction that rolls back takes its bump with it, so the next one gives those numbers again.
 */
export interface NumbersAtCommit {
  /**
   * For the commit's round trip, after the order rows and their events are written:
   * `eventIdsOf(orderId)` names the outbox rows that may carry that order's stand-in.
   */
  statements(eventIdsOf: (orderId: number) => readonly string[]): Statement[];
  /** After the commit, with the results of its statements (the last ones these): the real number of each stand-in. */
  settle(results: readonly unknown[]): void;
  /** A record with a stand-in gets its real number (records of this write only; others are left as they are). */
  fill(record: Pick<OrderRecord, 'queueNumber'>): void;
  /** An event payload of this write with its order's stand-in replaced by the real number. */
  fillPayload(orderId: number, payload: unknown): unknown;
}

/**
 * Gives each order of `orders` that takes a number a stand-in (in place, so the caller's events
 * carry it), or returns undefined when none takes one.
 */
export function numbersAtCommit(orders: OrderRecord[], timeZone: string): NumbersAtCommit | undefined {
  const wanted = numbersWanted(orders, timeZone);
  if (wanted.size === 0) return undefined;
  const days = [...wanted.entries()];
  const standIns = new Map<number, number>();
  days.forEach(([, ids]) => ids.forEach((id) => standIns.set(id, STAND_IN_BASE - standIns.size - 1)));
  for (const order of orders) {
    const standIn = standIns.get(order.id);
    if (order.queueNumber === null && standIn !== undefined) order.queueNumber = standIn;
  }
  const real = new Map<number, number>();

  return {
    statements(eventIdsOf) {
      return [
        ...days.flatMap(([day, ids], index): Statement[] => [
          [
            'INSERT INTO queue_counters (day, last_number) VALUES (?, ?) ON DUPLICATE KEY UPDATE last_number = last_number + VALUES(last_number)',
            [day, ids.length],
          ],
          // A transaction sees its own write: the value just set, locked until the commit.
          [`SET @queue_last_${index} = (SELECT last_number FROM queue_counters WHERE day = ?)`, [day]],
          // The day's numbers are last-count+1..last, in the order the ids were given.
          ...ids.flatMap((id, position): Statement[] => {
            const below = ids.length - 1 - position;
            const events = eventIdsOf(id);
            return [
              [`UPDATE orders SET queue_number = @queue_last_${index} - ? WHERE id = ?`, [below, id]],
              ...(events.length
                ? [[`UPDATE outbox SET payload = REPLACE(payload, ?, CAST(@queue_last_${index} - ? AS CHAR)) WHERE event_id IN (?)`, [String(standIns.get(id)), below, events]] as Statement]
                : []),
            ];
          }),
        ]),
        [`SELECT ${days.map((_, index) => `@queue_last_${index} AS last_${index}`).join(', ')}`],
      ];
    },

    settle(results) {
      const [row] = results.at(-1) as RowDataPacket[];
      days.forEach(([, ids], index) => {
        const last = Number(row?.[`last_${index}`]);
        if (!Number.isInteger(last)) throw new Error('the queue numbers were not read back after the commit');
        ids.forEach((id, position) => real.set(standIns.get(id)!, last - ids.length + 1 + position));
      });
    },

    fill(record) {
      const number = record.queueNumber === null ? undefined : real.get(record.queueNumber);
      if (number !== undefined) record.queueNumber = number;
    },

    fillPayload(orderId, payload) {
      const standIn = standIns.get(orderId);
      const number = standIn === undefined ? undefined : real.get(standIn);
      if (number === undefined) return payload;
      return JSON.parse(JSON.stringify(payload).replaceAll(String(standIn), String(number))) as unknown;
    },
  };
}

/**
 * The number of an order created already confirmed (nothing to charge), taken in a round trip
 * of its own before the commit: the order's events and its idempotent answer are built with the
 * real number, and such orders are rare enough that the counter's lock across one round trip
 * costs nothing. Answers the statement that stores the number with the order (none when the
 * order takes none).
 */
export async function numberAtCreation(tx: Transaction, order: OrderRecord, timeZone: string): Promise<Statement[]> {
  const wanted = numbersWanted([order], timeZone);
  if (wanted.size === 0) return [];
  const last = new Map<string, number>();
  for (const [day, ids] of wanted) {
    const results = await tx.run([
      ['INSERT INTO queue_counters (day, last_number) VALUES (?, ?) ON DUPLICATE KEY UPDATE last_number = last_number + VALUES(last_number)', [day, ids.length]],
      ['SELECT last_number FROM queue_counters WHERE day = ?', [day]],
    ]);
    last.set(day, Number((results[1] as RowDataPacket[])[0]?.last_number));
  }
  giveNumbers([order], wanted, last);
  return [['UPDATE orders SET queue_number = ? WHERE id = ?', [order.queueNumber, order.id]]];
}
