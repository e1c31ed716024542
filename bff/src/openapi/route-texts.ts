import { ANALYTICS_MAX_DAYS, IdParamSchema, MenuIdSchema, PaymentIdSchema } from '@canteen/contracts';
import type { ParamSpec } from './route-spec.ts';

/** The words and parameters many routes of the OpenAPI table share (routes.ts). */
export const OPTION_DEFAULTS =
  'An option group\'s `default_option_ids` are what an order line that names nothing for the group gets: options of that group ' +
  '(ids as given, or as made from their names), each once, between `min` and `max` of them. Only a required group without ' +
  'defaults makes an order line choose.';
export const BAD = 'VALIDATION_FAILED: the input does not match the schema (`details` names each field), or MALFORMED_JSON';
export const BAD_PARAM = 'VALIDATION_FAILED: a path or query parameter is malformed';
export const AUTH = 'UNAUTHORIZED: no bearer token, or an invalid or expired one, or a deactivated account';
export const STAFF = 'FORBIDDEN: needs the role STAFF or ADMIN';
export const ADMIN = 'FORBIDDEN: needs the role ADMIN';
export const IDEMPOTENCY_409 = 'IDEMPOTENCY_IN_PROGRESS: a request with this Idempotency-Key is still running';
export const IDEMPOTENCY_422 = 'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key came with another request (compared as parsed: key order and spacing do not count)';
export const OWNER_OR_STAFF = 'the owner, or STAFF/ADMIN';
export const RANGE_400 = `VALIDATION_FAILED: from or to is not a YYYY-MM-DD date that exists, from is after to, or the range covers more than ${ANALYTICS_MAX_DAYS} days`;
export const RANGE = 'Days are the canteen\'s (its TIMEZONE); without `from`/`to` the last 30 days up to today. Aggregated by the database, never by reading orders out.';

export const ORDER_ID: ParamSpec = { schema: IdParamSchema, description: 'The order id' };
export const MENU_ID: ParamSpec = { schema: MenuIdSchema, description: 'A 24-hex-digit menu id' };
export const PAYMENT_ID: ParamSpec = { schema: PaymentIdSchema, description: 'The payment id (`pay_…`)' };
export const HTML = ['text/html'] as const;
