import type { RequestHandler } from 'express';
import { forbidden, principalOf } from '@canteen/service-kit';

/**
 * Admins change anything; kitchen staff may only mark an item available or sold out (and
 * set its stock), which is what the kitchen display's "sold out" button sends.
 */
export const adminOrStaffAvailability: RequestHandler = (req, _res, next) => {
  const { role } = principalOf(req);
  if (role === 'ADMIN') return next();
  const keys = Object.keys((req.body ?? {}) as object);
  if (role === 'STAFF' && keys.length > 0 && keys.every((key) => key === 'available' || key === 'stock')) return next();
  next(forbidden(role === 'STAFF' ? 'Staff may only change available and stock' : 'Admin access required'));
};
