import { z } from 'zod';
import { env, loadConfig, serviceConfigFields, serviceTokenField } from '@canteen/service-kit';

/** `grill:2,fryer:1,drinks:3` → parallel slots per kitchen station. */
const stationList = z
  .string()
  .default('grill:2,fryer:2,stove:3,tandoor:1,cold:2,drinks:2,bakery:1,counter:2')
  .transform((value, ctx) => {
    const stations: Record<string, number> = {};
    for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
      const match = /^([a-z-]+):(\d{1,3})$/.exec(part);
      if (!match || Number(match[2]) < 1) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not station:slots (e.g. grill:2)` });
        return z.NEVER;
      }
      stations[match[1]!] = Number(match[2]);
    }
    return stations;
  });

export const queueConfigSchema = z.object({
  HOST: env.host(),
  QUEUE_PORT: env.port(8084),
  /** Redis, shared by every instance; unset: on disk in SQLite (one instance, all-in-one). */
  QUEUE_REDIS_URL: env.url(['redis', 'rediss']).optional(),
  /** The embedded store's file; defaults to DATA_DIR/queue.sqlite. */
  QUEUE_DB_PATH: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The canteen's time zone: queue numbers start again at 1 each day there. */
  TIMEZONE: env.timeZone(),
  KITCHEN_STATIONS: stationList,
  KITCHEN_DEFAULT_SLOTS: z.coerce.number().int().min(1).max(100).default(1),
  /** How long the real-time stream is kept for clients that reconnect (≥ 2 h). */
  STREAM_RETENTION_MINUTES: z.coerce.number().int().min(120).default(180),
  /** The orders service, for status changes made through PUT /api/queue/order/{id}. */
  ORDERS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8083'),
  /**
   * Shared with the orders service: the queue reads every order in the kitchen's hands through
   * its /internal route to rebuild and check itself. Unset: no reconciliation (a warning says so).
   */
  SERVICE_TOKEN: serviceTokenField,
  /** How often the queue checks itself against the orders service (and at start). */
  QUEUE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(5000),
  ...serviceConfigFields,
});

export type QueueConfig = z.infer<typeof queueConfigSchema>;

export const loadQueueConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(queueConfigSchema, source);
