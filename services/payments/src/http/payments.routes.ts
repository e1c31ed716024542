import { Router } from 'express';
import {
  AnalyticsQuerySchema,
  CreatePaymentSchema,
  IdParamSchema,
  PaymentIdSchema,
  ProcessPaymentSchema,
  RefundRequestSchema,
  UpdatePaymentStatusSchema,
} from '@canteen/contracts';
import { authenticate, isStaff, parseInput, principalOf, requireRole, type TokenVerifier } from '@canteen/service-kit';
import { paymentAnalytics } from '../app/analytics.ts';
import type { PaymentsDeps } from '../app/deps.ts';
import { payOwnOrder } from '../app/owner-checkout.ts';
import * as payments from '../app/payments.ts';

/**
 * `/api/payments/*`: parse with a contracts schema, call the use case, map the result. Every
 * route needs a token (the original had none); paths match with or without a trailing slash.
 * `/stats` and `/order/…` come before `/:paymentId`, which would otherwise swallow them.
 */
export function paymentsRoutes(deps: PaymentsDeps, verifier: TokenVerifier): Router {
  const router = Router({ strict: false });
  const staff = requireRole('STAFF', 'ADMIN');
  const paymentId = (value: unknown) => parseInput(PaymentIdSchema, value, 'id');
  // An absent or empty body (a bare POST) is an empty object, as for the original clients.
  const body = (value: unknown) => value ?? {};

  router.use(authenticate(verifier));

  // Staff create any order's payment (a second one is 409 PAYMENT_EXISTS); a customer pays
  // their own order, and gets its payment back when it has one (the original client's checkout).
  router.post('/', async (req, res) => {
    const input = parseInput(CreatePaymentSchema, req.body);
    const principal = principalOf(req);
    if (isStaff(principal)) {
      res.status(201).json(await payments.createPayment(deps, input));
      return;
    }
    const own = await payOwnOrder(deps, principal, input);
    res.status(own.created ? 201 : 200).json(own.payment);
  });

  router.get('/analytics', requireRole('ADMIN'), async (req, res) => {
    res.set('cache-control', 'no-store').json(await paymentAnalytics(deps, parseInput(AnalyticsQuerySchema, req.query, '(query)')));
  });

  router.get('/stats', staff, async (_req, res) => {
    res.json(await payments.paymentStats(deps));
  });

  router.get('/order/:orderId', async (req, res) => {
    const orderId = parseInput(IdParamSchema, req.params.orderId, 'orderId');
    res.json(await payments.getOrderPayment(deps, principalOf(req), orderId));
  });

  router.get('/:paymentId', async (req, res) => {
    res.json(await payments.getPayment(deps, principalOf(req), paymentId(req.params.paymentId)));
  });

  router.post('/:paymentId/process', async (req, res) => {
    const id = paymentId(req.params.paymentId);
    const input = parseInput(ProcessPaymentSchema, body(req.body));
    res.json(await payments.processPayment(deps, principalOf(req), id, input.payment_token));
  });

  router.put('/:paymentId/status', staff, async (req, res) => {
    const id = paymentId(req.params.paymentId);
    res.json(await payments.updatePaymentStatus(deps, id, parseInput(UpdatePaymentStatusSchema, req.body)));
  });

  router.post('/:paymentId/refund', staff, async (req, res) => {
    const id = paymentId(req.params.paymentId);
    res.json(await payments.refundPayment(deps, id, parseInput(RefundRequestSchema, body(req.body))));
  });

  router.get('/:paymentId/receipt', async (req, res) => {
    const html = await payments.paymentReceipt(deps, principalOf(req), paymentId(req.params.paymentId));
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('html').send(html);
  });

  return router;
}
