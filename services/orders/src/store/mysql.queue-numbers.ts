import type { RowDataPacket } from 'mysql2/promise';
import type { OrderRecord } from '../domain/order.ts';
import { giveNumbers, numbersWanted } from '../domain/queue-number.ts';
import type { Statement, Transaction } from './mysql.transaction.ts';

/**
 * Numbers the orders of a write that reached the kitchen without one, inside its transaction,
 * in one round trip. The counter row is locked after the orders' rows (every writer locks in
 * that order, so none waits on another in a cycle) and held to the commit: a number reserved
 * by a transaction that rolls back is never seen, and the next one takes it again.
 */
export async function numberOrders(tx: Transaction, orders: OrderRecord[], timeZone: string): Promise<void> {
  const wanted = numbersWanted(orders, timeZone);
  if (wanted.size === 0) return;
  const days = [...wanted.keys()];
  const statements = days.flatMap((day): Statement[] => [
    [
      'INSERT INTO queue_counters (day, last_number) VALUES (?, ?) ON DUPLICATE KEY UPDATE last_number = last_number + VALUES(last_number)',
      [day, wanted.get(day)!.length],
    ],
    // A transaction sees its own write: the value just set, locked until the commit.
    ['SELECT last_number FROM queue_counters WHERE day = ?', [day]],
  ]);
  const results = await tx.run(statements);
  const last = new Map(days.map((day, index) => [day, Number((results[2 * index + 1] as RowDataPacket[])[0]!.last_number)]));
  giveNumbers(orders, wanted, last);
}
