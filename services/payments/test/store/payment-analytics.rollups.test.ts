import { rm } from 'node:fs/promises';
import path from 'node:path';
import { runSqliteMigrations } from '@canteen/service-kit';
import Database from 'better-sqlite3';
import { seededRandom } from '@canteen/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentStatus } from '@canteen/contracts';
import type { PaymentStore } from '../../src/store/payment.store.ts';
import { migrations } from '../../src/store/sqlite.migrations.ts';
import { createSqlitePaymentStore } from '../../src/store/sqlite.payment-store.ts';
import { tempDir } from '../helpers.ts';

const START = Date.parse('2025-03-03T12:00:00Z');
const SPAN = 10 * 86_400_000;
const METHODS = ['upi', 'card', 'cash', 'mock'] as const;
let orderSeq = 0;

/**
 * Payments written through the store's own transactions (placed, charged or declined, refunded
 * in parts) and imported as history with refunds, at any millisecond of ten days.
 */
async function writePayments(store: PaymentStore, seed: number, withHistory = true): Promise<void> {
  const rand = seededRandom(seed);
  const at = () => new Date(START + Math.floor(rand() * SPAN));
  for (let n = 0; n < 60; n++) {
    const createdAt = at();
    const amountMinor = 1_000 + Math.floor(rand() * 20_000);
    const orderId = ++orderSeq;
    await store.transaction((tx) => {
      const payment = tx.insertPayment({ paymentId: `pay_r${seed}_${orderId}`, orderId, userId: 7, amountMinor, currency: 'INR', method: METHODS[n % METHODS.length]!, at: createdAt });
      if (!payment) throw new Error('the order had a payment already');
      const roll = rand();
      if (roll < 0.15) return; // still pending
      const later = new Date(createdAt.getTime() + 60_000);
      if (roll < 0.3) return tx.updatePayment({ ...payment, status: 'failed', failureReason: 'declined', updatedAt: later });
      let refunded = 0;
      let status: PaymentStatus = 'success';
      for (let r = 0; r < (roll < 0.6 ? 0 : 1 + Math.floor(rand() * 2)); r++) {
        const part = Math.max(1, Math.floor((amountMinor - refunded) * rand()));
        refunded += part;
        status = refunded === amountMinor ? 'refunded' : 'partially_refunded';
        tx.insertRefund(payment, { refundId: `ref_r${seed}_${orderId}_${r}`, amountMinor: part, reason: null, createdAt: at() });
      }
      tx.updatePayment({ ...payment, status, refundedMinor: refunded, updatedAt: later });
    });
  }
  if (!withHistory) return;
  await store.importHistory(
    Array.from({ length: 40 }, (_, n) => {
      const orderId = ++orderSeq;
      const amountMinor = 2_000 + n * 100;
      const refunds = n % 4 === 0 ? [{ refundId: `ref_h${seed}_${orderId}`, amountMinor: 500, reason: 'cold', createdAt: at() }] : [];
      const createdAt = at();
      return {
        paymentId: `pay_h${seed}_${orderId}`,
        orderId,
        userId: 8,
        amountMinor,
        currency: 'INR',
        status: refunds.length ? 'partially_refunded' : n % 5 === 0 ? 'failed' : 'success',
        method: METHODS[n % METHODS.length]!,
        failureReason: null,
        refundedMinor: refunds.length ? 500 : 0,
        refunds,
        createdAt,
        updatedAt: createdAt,
      };
    }),
  );
}

/** Canteen days in some zones (on the half and the quarter hour, across New York's DST change), and whole weeks. */
const RANGES: [string, string][] = [
  ['2025-03-03T18:30:00.000Z', '2025-03-12T18:30:00.000Z'], // Kolkata
  ['2025-03-04T18:15:00.000Z', '2025-03-11T18:15:00.000Z'], // Kathmandu
  ['2025-03-08T05:00:00.000Z', '2025-03-10T04:00:00.000Z'], // New York, a 23-hour day inside
  ['2025-03-01T00:00:00.000Z', '2025-03-20T00:00:00.000Z'], // UTC, all of it
];

describe('the SQLite payments store: analytics rollups', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const open = async (atVersion?: number) => {
    const dir = await tempDir();
    const file = path.join(dir, 'payments.sqlite');
    if (atVersion !== undefined) {
      const db = new Database(file);
      runSqliteMigrations(db, 'payments', migrations.slice(0, atVersion));
      db.close();
    }
    const store = createSqlitePaymentStore(file);
    if (atVersion === undefined) await store.migrate();
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    return store;
  };
  const expectSameFigures = async (store: PaymentStore) => {
    for (const [from, to] of RANGES.map(([f, t]) => [new Date(f), new Date(t)] as const)) {
      const counted = await store.figuresFromPayments(from, to);
      expect(counted.stats.length).toBeGreaterThan(3);
      expect(counted.refunds.count).toBeGreaterThan(0);
      expect({ stats: await store.statsBetween(from, to), refunds: await store.refundsBetween(from, to) }).toEqual(counted);
    }
  };

  it('when payments are charged, declined, refunded and imported, then the rollups give the figures of every payment and refund', async () => {
    const store = await open();
    await writePayments(store, 1);
    await expectSameFigures(store);
  });

  it('when a range does not start a quarter hour, then the figures come from the payments themselves', async () => {
    const store = await open();
    await writePayments(store, 2);
    const from = new Date('2025-03-04T18:31:00.000Z');
    const to = new Date('2025-03-10T18:30:00.000Z');
    const counted = await store.figuresFromPayments(from, to);
    expect(counted.stats.length).toBeGreaterThan(3);
    expect(await store.statsBetween(from, to)).toEqual(counted.stats);
    expect(await store.refundsBetween(from, to)).toEqual(counted.refunds);
  });

  it('when a database with payments is migrated to the rollups, then they hold its payments, and later ones on top', async () => {
    const store = await open(3);
    await writePayments(store, 3, false);
    await store.migrate();
    await expectSameFigures(store);
    await writePayments(store, 4);
    await expectSameFigures(store);
  });
});
