import { ANALYTICS_DEFAULT_DAYS, type AnalyticsQuery, type PaymentAnalytics } from '@canteen/contracts';
import { canteenDayRange } from '@canteen/service-kit';
import { wasCharged } from '../domain/payment.ts';
import type { PaymentsDeps } from './deps.ts';

const money = (minor: number) => Math.round(minor) / 100;

/** `GET /api/payments/analytics`: success rate, methods and refunds of a range of canteen days, aggregated by SQLite. */
export async function paymentAnalytics(deps: PaymentsDeps, query: AnalyticsQuery): Promise<PaymentAnalytics> {
  const range = canteenDayRange(query, deps.timeZone, deps.now(), ANALYTICS_DEFAULT_DAYS);
  const [rows, refunds] = await Promise.all([deps.store.statsBetween(range.start, range.end), deps.store.refundsBetween(range.start, range.end)]);
  const methods = new Map<string, PaymentAnalytics['methods'][number]>();
  let succeeded = 0;
  let failed = 0;
  let pending = 0;
  for (const row of rows) {
    const method = methods.get(row.method) ?? { method: row.method, attempts: 0, succeeded: 0, failed: 0, amount: 0 };
    method.attempts += row.count;
    if (wasCharged(row)) {
      method.succeeded += row.count;
      method.amount = money(method.amount * 100 + row.amountMinor);
      succeeded += row.count;
    }
    if (row.status === 'failed') {
      method.failed += row.count;
      failed += row.count;
    }
    if (row.status === 'pending') pending += row.count;
    methods.set(row.method, method);
  }
  const decided = succeeded + failed;
  return {
    from: range.from,
    to: range.to,
    attempts: rows.reduce((total, row) => total + row.count, 0),
    succeeded,
    failed,
    pending,
    success_rate: decided > 0 ? succeeded / decided : null,
    methods: [...methods.values()].sort((a, b) => b.attempts - a.attempts || a.method.localeCompare(b.method)),
    refunds: { count: refunds.count, amount: money(refunds.amountMinor) },
  };
}
