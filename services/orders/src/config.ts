import { z } from 'zod';
import { env, loadConfig, serviceConfigFields, serviceTokenField } from '@canteen/service-kit';

export const ordersConfigSchema = z.object({
  HOST: env.host(),
  ORDERS_PORT: env.port(8083),
  /** MySQL/MariaDB, e.g. mysql://canteen:secret@mariadb:3306/orders. Unset: embedded SQLite. */
  ORDERS_DATABASE_URL: env.url(['mysql', 'mariadb']).optional(),
  ORDERS_DB_PATH: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MENU_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8082'),
  /** How long a menu read is trusted before it is revalidated (ETag). */
  MENU_CACHE_FRESH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('INR'),
  /** The canteen's time zone: queue numbers start again at 1 each day there. */
  TIMEZONE: env.timeZone(),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(48).default(48),
  /**
   * The shared secret of `/internal` routes: presented to the menu service to hold stock and to
   * the payments service to reconcile; the queue service presents it to read the kitchen's orders.
   */
  SERVICE_TOKEN: serviceTokenField,
  /** Reconciliation with the payments service (its `/internal` routes, SERVICE_TOKEN on both). */
  PAYMENTS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8085'),
  /** How often the reconciliation runs; 0 turns it off (it is off anyway without SERVICE_TOKEN). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** An order is looked at once it waited this long for its payment answer. */
  RECONCILE_AFTER_MS: z.coerce.number().int().min(1_000).default(180_000),
  RECONCILE_LOOKBACK_HOURS: z.coerce.number().int().min(1).default(24),
  ...serviceConfigFields,
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;

export const loadOrdersConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(ordersConfigSchema, source);
