import { z } from 'zod';
import { env, loadConfig, serviceConfigFields, serviceTokenField } from '@canteen/service-kit';
import { assertTimeZone } from './domain/day.ts';

export const paymentsConfigSchema = z.object({
  HOST: env.host(),
  PAYMENTS_PORT: env.port(8085),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The SQLite file; default DATA_DIR/payments.sqlite. */
  PAYMENTS_DB_PATH: z.string().min(1).optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like INR')
    .default('INR'),
  /** The canteen's time zone: "today" in the stats is today there. */
  TIMEZONE: z
    .string()
    .min(1)
    .default('Asia/Kolkata')
    .refine((zone) => {
      try {
        assertTimeZone(zone);
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone like Asia/Kolkata'),
  /** Asked for an order's owner and total when a customer pays before payment.initiated arrived. */
  ORDERS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8083'),
  /** Shared secret of service-to-service calls; unset: no `/internal` routes (the orders service cannot reconcile). */
  SERVICE_TOKEN: serviceTokenField,
  ...serviceConfigFields,
});

export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;

export const loadPaymentsConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(paymentsConfigSchema, source);
