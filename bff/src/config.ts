import { z } from 'zod';
import { env, httpConfigFields, loadConfig, pushEndpointConfigFields, tokenConfigFields } from '@canteen/service-kit';
import { corsOriginsField } from './http/api-cors.ts';
import { pushConfigFields, refinePushConfig } from './push/vapid.ts';
import { webAppConfigFields } from './static/web-apps.config.ts';

export const bffConfigSchema = z.object({
  HOST: env.host(),
  BFF_PORT: env.port(8080),
  USERS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8081'),
  MENU_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8082'),
  ORDERS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8083'),
  PAYMENTS_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8085'),
  QUEUE_SERVICE_URL: env.url(['http', 'https']).default('http://127.0.0.1:8084'),
  /** How long the BFF serves a menu response before revalidating it with the menu service. */
  MENU_CACHE_FRESH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How long the BFF waits for a service before answering 504. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  ...tokenConfigFields,
  /** Verifies tokens for the BFF's own routes (aggregations, per-user limits); optional here. */
  JWT_PUBLIC_KEY: tokenConfigFields.JWT_PUBLIC_KEY.optional(),
  /** The canteen's time zone: the days an analytics view counts (the services count in the same zone). */
  TIMEZONE: env.timeZone(),
  /** Login attempts per client address per minute, before the users service's own limits. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** A bearer token for monitoring (Prometheus) to read /metrics and the detailed /health; staff tokens work too. */
  METRICS_TOKEN: z.string().trim().min(32, 'must be at least 32 characters').optional(),
  /** Open `/ws` connections per client address (the anonymous board's included); high, for a campus behind one NAT. */
  WS_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  /** Sign-ups per client address per minute (a campus NAT signs many students up at once). */
  REGISTER_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Orders a user (or, unauthenticated, an address) may place per minute. */
  ORDER_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Order placements in flight at once; beyond it an immediate 503 BUSY with Retry-After: 1. */
  ORDERS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** Only for Web Push: the BFF listens for order events to notify phones. */
  AMQP_URL: env.url(['amqp', 'amqps']).optional(),
  ...pushConfigFields,
  /** Where the built web apps are (PWA_DIST_DIR, ADMIN_DIST_DIR, KITCHEN_DIST_DIR, BOARD_DIST_DIR). */
  ...webAppConfigFields,
  ...pushEndpointConfigFields,
  ...httpConfigFields,
  /** Browser origins allowed to call `/api` and open `/ws` cross-origin; by default the desktop kitchen app. */
  CORS_ORIGINS: corsOriginsField,
}).superRefine(refinePushConfig);

export type BffConfig = z.infer<typeof bffConfigSchema>;

export const loadBffConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(bffConfigSchema, source);
