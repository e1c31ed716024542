import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { NewOutboxEvent } from '@canteen/service-kit';
import { outboxStoreContract } from '@canteen/service-kit/testing';
import { SQLITE_OUTBOX_TABLE_SQL } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentStore } from '../../src/store/payment.store.ts';
import { migrations, runMigrations } from '../../src/store/sqlite.migrations.ts';
import { createSqlitePaymentStore } from '../../src/store/sqlite.payment-store.ts';
import { tempDir } from '../helpers.ts';

const at = new Date('2025-05-01T06:00:00.000Z');
let seq = 0;
const newPayment = (orderId: number) => ({
  paymentId: `pay_${(++seq).toString(16).padStart(12, '0')}`,
  orderId,
  userId: 7,
  amountMinor: 10_000,
  currency: 'INR',
  method: 'card' as const,
  at,
});
const event = (payload: unknown = { n: 1 }): NewOutboxEvent => ({ eventId: randomUUID(), routingKey: 'payment.success', payload });

describe('the SQLite payments store', () => {
  let dir: string;
  let file: string;
  let clock: number;
  let store: PaymentStore;

  beforeEach(async () => {
    dir = await tempDir();
    file = path.join(dir, 'nested', 'payments.sqlite');
    clock = Date.parse('2025-05-01T06:00:00.000Z');
    store = createSqlitePaymentStore(file, { now: () => clock });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('when it opens, then it is in WAL mode at the newest schema version, and migrating again changes nothing', async () => {
    await store.migrate();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    } finally {
      db.close();
    }
  });

  it('when a payment is inserted with receipt lines, then they come back in order; a second insert for the order changes none', async () => {
    const lines = [
      { name: 'Masala Dosa', quantity: 2, unitMinor: 6_500, options: ['Extra chutney', 'Ghee'] },
      { name: 'Filter Coffee', quantity: 1, unitMinor: 2_500, options: [] },
    ];
    const first = (await store.transaction((tx) => tx.insertPayment({ ...newPayment(31), lines })))!;
    const again = await store.transaction((tx) => tx.insertPayment({ ...newPayment(31), lines: [{ name: 'Other', quantity: 9, unitMinor: 1, options: [] }] }));
    const byHand = (await store.transaction((tx) => tx.insertPayment(newPayment(32))))!;

    expect(again).toBeUndefined();
    expect(await store.receiptLines(first.paymentId)).toEqual(lines);
    expect(await store.receiptLines(byHand.paymentId)).toEqual([]);
  });

  it('when the file was written by a newer version, then migrate refuses to touch it', async () => {
    await store.close();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    store = createSqlitePaymentStore(file);
    await expect(store.migrate()).rejects.toThrow(/newer than this code knows/);
  });

  it('when a second payment is inserted for an order, then the database refuses it, even bypassing the store', async () => {
    const first = await store.transaction((tx) => tx.insertPayment(newPayment(1)));
    expect(first).toMatchObject({ orderId: 1, status: 'pending', refundedMinor: 0, refunds: [] });
    expect(await store.transaction((tx) => tx.insertPayment(newPayment(1)))).toBeUndefined();
    const db = new Database(file);
    try {
      expect(() =>
        db
          .prepare(`INSERT INTO payments (payment_id, order_id, user_id, amount_minor, currency, status, payment_method, created_at, updated_at)
                    VALUES ('pay_ffffffffffff', 1, 7, 100, 'INR', 'pending', 'card', 'x', 'x')`)
          .run(),
      ).toThrow(/UNIQUE/);
      expect(() => db.prepare('UPDATE payments SET refunded_minor = amount_minor + 1 WHERE order_id = 1').run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });

  it('when a unit of work throws, then its payment, inbox row and events are all rolled back', async () => {
    await expect(
      store.transaction((tx) => {
        tx.recordOnce('c', 'e1');
        tx.insertPayment(newPayment(2));
        tx.recordOrderCancelled(3, 'e1', at);
        tx.appendEvents([event()]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.getByOrderId(2)).toBeUndefined();
    expect(await store.transaction((tx) => [tx.recordOnce('c', 'e1'), tx.isOrderCancelled(3)])).toEqual([true, false]);
    expect(await store.claimBatch(10)).toEqual([]);
  });

  it('when units of work are asked for in one turn and one throws, then they share a commit and only the one that threw is rolled back', async () => {
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.insertPayment(newPayment(21))?.paymentId),
      store.transaction((tx) => {
        tx.recordOnce('c', 'shared-turn');
        tx.insertPayment(newPayment(22));
        tx.appendEvents([event()]);
        throw new Error('boom');
      }),
      store.transaction((tx) => [tx.recordOnce('c', 'shared-turn'), tx.insertPayment(newPayment(23))?.orderId]),
    ]);

    expect(results[0]).toMatchObject({ status: 'fulfilled', value: expect.stringMatching(/^pay_/) });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: new Error('boom') });
    // The third saw neither the second's inbox row nor anything else of it.
    expect(results[2]).toEqual({ status: 'fulfilled', value: [true, 23] });
    expect(await store.getByOrderId(21)).toBeDefined();
    expect(await store.getByOrderId(22)).toBeUndefined();
    expect(await store.getByOrderId(23)).toBeDefined();
    expect(await store.claimBatch(10)).toEqual([]);
  });

  it('when a unit of work is async, then it is refused (it could not hold the transaction)', async () => {
    await expect(store.transaction((async () => undefined) as never)).rejects.toThrow();
  });

  it('when an event id is recorded, then the inbox says so once per consumer', async () => {
    expect(await store.transaction((tx) => [tx.recordOnce('a', 'e'), tx.recordOnce('a', 'e'), tx.recordOnce('b', 'e')])).toEqual([true, false, true]);
  });

  it('when a payment is updated and refunded, then it reads back the same, and survives reopening the file', async () => {
    const payment = (await store.transaction((tx) => tx.insertPayment(newPayment(4))))!;
    const later = new Date('2025-05-01T07:00:00.000Z');
    const refund = { refundId: 'rfd_000000000001', amountMinor: 2_500, reason: 'cold', createdAt: later };
    const changed = { ...payment, status: 'partially_refunded' as const, refundedMinor: 2_500, refunds: [refund], updatedAt: later };
    await store.transaction((tx) => {
      tx.updatePayment(changed);
      tx.insertRefund(changed, refund);
    });
    await store.close();
    store = createSqlitePaymentStore(file, { now: () => clock });
    await store.migrate();
    expect(await store.getByPaymentId(payment.paymentId)).toEqual(changed);
    expect(await store.getByOrderId(4)).toEqual(changed);
  });

  it('when stats are asked for a range, then only payments created in it are grouped by method and status', async () => {
    await store.transaction((tx) => {
      tx.insertPayment(newPayment(10));
      tx.insertPayment({ ...newPayment(11), at: new Date('2025-05-02T06:00:00.000Z') });
    });
    expect(await store.statsBetween(new Date('2025-05-01T00:00:00Z'), new Date('2025-05-02T00:00:00Z'))).toEqual([
      { method: 'card', status: 'pending', count: 1, amountMinor: 10_000, refundedMinor: 0 },
    ]);
  });

});

describe('the SQLite payments store, as the relay sees it', () => {
  it('when migrated, then its outbox table is the one the shared SQLite outbox documents', async () => {
    const migrated = new Database(':memory:');
    const reference = new Database(':memory:');
    try {
      runMigrations(migrated);
      reference.exec(SQLITE_OUTBOX_TABLE_SQL);
      const shape = (db: Database.Database) => ({
        columns: db.pragma('table_info(outbox)'),
        indexes: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all(),
      });
      expect(shape(migrated)).toEqual(shape(reference));
    } finally {
      migrated.close();
      reference.close();
    }
  });

  outboxStoreContract({
    routingKey: 'payment.success',
    source: 'payments',
    open: async (now) => {
      const dir = await tempDir();
      const file = path.join(dir, 'payments.sqlite');
      const store = createSqlitePaymentStore(file, { now });
      await store.migrate();
      const others: PaymentStore[] = [];
      return {
        store,
        another: () => {
          const other = createSqlitePaymentStore(file, { now });
          others.push(other);
          return other;
        },
        cleanup: async () => {
          for (const other of others) await other.close();
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
        append: (events) => store.transaction((tx) => tx.appendEvents(events)),
      };
    },
    appendFailing: ({ store }, events) =>
      store.transaction((tx) => {
        tx.insertPayment(newPayment(9_000 + ++seq));
        tx.appendEvents(events);
      }),
  });
});
