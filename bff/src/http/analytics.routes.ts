import { Router } from 'express';
import {
  ANALYTICS_DEFAULT_DAYS,
  AnalyticsQuerySchema,
  OrderAnalyticsSchema,
  PaymentAnalyticsSchema,
  type AdminAnalytics,
} from '@canteen/contracts';
import { authenticate, canteenDayRange, parseInput, requireRole, type TokenVerifier } from '@canteen/service-kit';
import type { Upstream } from '../clients/upstream.ts';
import { analyticsCsv } from './analytics.csv.ts';
import { callJson } from '../clients/upstream-json.ts';

interface Services {
  orders: Upstream;
  payments: Upstream;
}

/**
 * `GET /api/admin/analytics`: one call per view. The range is settled here (the canteen's days)
 * so that both services count the same days; each aggregates its own data in SQL and checks the
 * caller's role itself. Orders are the view's core (their failure fails it); the payments part is
 * null when that service does not answer.
 */
export function analyticsRoutes(services: Services, verifier: TokenVerifier, timeZone: string, now: () => Date = () => new Date()): Router {
  const router = Router();
  router.get('/admin/analytics', authenticate(verifier), requireRole('ADMIN'), async (req, res) => {
    const query = parseInput(AnalyticsQuerySchema, req.query, '(query)');
    const range = canteenDayRange(query, timeZone, now(), ANALYTICS_DEFAULT_DAYS);
    const search = `?from=${range.from}&to=${range.to}`;
    const [orders, payments] = await Promise.all([
      callJson(OrderAnalyticsSchema, services.orders, req, `/api/orders/analytics${search}`),
      callJson(PaymentAnalyticsSchema, services.payments, req, `/api/payments/analytics${search}`).catch(() => null),
    ]);
    const view: AdminAnalytics = { from: range.from, to: range.to, time_zone: orders.time_zone, generated_at: now().toISOString(), orders, payments };
    res.set('cache-control', 'no-store');
    if (query.format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .attachment(`canteen-analytics-${range.from}-to-${range.to}.csv`)
        .send(analyticsCsv(view));
      return;
    }
    res.json(view);
  });
  return router;
}
