import { Counter, type Registry } from '@canteen/service-kit';
import type { OrdersDeps } from './deps.ts';
import { createPaymentReconciler, type PaymentsLookup, type ReconcileCase } from './reconcile-payments.ts';

export interface ReconcileSchedule {
  payments: PaymentsLookup | undefined;
  intervalMs: number;
  staleAfterMs: number;
  lookBackMs: number;
}

/**
 * Runs the payment reconciliation every `intervalMs` (one pass at a time), counting what it
 * finds in `orders_reconciled_total{case}`. Off without a way to ask the payments service.
 */
export function schedulePaymentReconciliation(deps: OrdersDeps, schedule: ReconcileSchedule) {
  const counters: Counter<'case'>[] = [];
  const logger = deps.logger.child({ component: 'reconcile-payments' });
  const reconcile = schedule.payments
    ? createPaymentReconciler(deps, schedule.payments, { staleAfterMs: schedule.staleAfterMs, lookBackMs: schedule.lookBackMs })
    : undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    const found = await reconcile!((kind: ReconcileCase) => counters.forEach((counter) => counter.inc({ case: kind })));
    if (Object.values(found).some((n) => n > 0)) logger.warn({ found }, 'reconciliation with the payments service found stuck orders');
  };

  return {
    metrics(registry: Registry): void {
      counters.push(
        new Counter({
          name: 'orders_reconciled_total',
          help: 'Orders the payment reconciliation found: repaired (paid-not-confirmed, failed-not-cancelled) or flagged (paid-without-payment)',
          labelNames: ['case'] as const,
          registers: [registry],
        }),
      );
    },
    start(): void {
      if (!reconcile || schedule.intervalMs === 0) {
        logger.info('payment reconciliation is off (it needs SERVICE_TOKEN and RECONCILE_INTERVAL_MS > 0)');
        return;
      }
      timer = setInterval(() => {
        if (running) return; // a slow pass is not stacked on
        running = pass()
          .catch((err: unknown) => logger.warn({ err }, 'payment reconciliation failed; trying again next time'))
          .finally(() => (running = undefined));
      }, schedule.intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
