import { z, type ZodType } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once at start-up. The schema's keys are the variable names, so a
 * problem message names the variable to fix. The result is frozen: config is read-only.
 */
export function loadConfig<T extends object>(schema: ZodType<T>, env: NodeJS.ProcessEnv = process.env): Readonly<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.map(String).join('.') || '(environment)';
        const isMissing = issue.code === 'invalid_type' && env[name] === undefined;
        return isMissing ? `${name} is required but not set` : `${name}: ${issue.message}`;
      }),
    );
  }
  return Object.freeze(result.data);
}

/** Reusable pieces of config schemas. */
export const env = {
  // An empty value (`USERS_PORT=` in a .env or compose file) means unset: coerced, it would be
  // port 0, a random port nobody can find.
  port: (fallback: number) =>
    z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.coerce.number().int().min(0).max(65535).default(fallback),
    ),
  host: () => z.string().min(1).default('127.0.0.1'),
  url: (protocols: string[]) =>
    z.string().refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }, `must be a URL with one of the protocols ${protocols.join(', ')}`),
  /** A comma-separated list, e.g. `CORS_ORIGINS=http://localhost:5173,https://canteen.example`. */
  list: () =>
    z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  pem: (kind: 'PUBLIC' | 'PRIVATE') =>
    z
      .string()
      .transform((value) => value.replace(/\\n/g, '\n').trim())
      .refine((value) => value.includes(`-----BEGIN ${kind} KEY-----`), `must be a PEM ${kind.toLowerCase()} key`),
  /** Express's `trust proxy`: `false`, a hop count, or names/CIDRs like `loopback`, `uniquelocal`. */
  trustProxy: (fallback = 'loopback') =>
    z
      .string()
      .default(fallback)
      .transform((value): boolean | number | string =>
        value === 'false' ? false : value === 'true' ? true : /^\d+$/.test(value) ? Number(value) : value,
      ),
  /** The canteen's IANA time zone: where its days (queue numbers, "today") begin and end. */
  timeZone: (fallback = 'Asia/Kolkata') =>
    z
      .string()
      .default(fallback)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-CA', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone like Asia/Kolkata'),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
};

/** How every service checks access tokens: the users service's public key and the claims it pins. */
export const tokenConfigFields = {
  JWT_PUBLIC_KEY: env.pem('PUBLIC'),
  JWT_ISSUER: z.string().min(1).default('canteen-users'),
  JWT_AUDIENCE: z.string().min(1).default('canteen'),
};

/** What every HTTP service reads the same way: CORS allow-list, proxies it trusts, log level. */
export const httpConfigFields = {
  CORS_ORIGINS: env.list(),
  TRUST_PROXY: env.trustProxy(),
  LOG_LEVEL: env.logLevel(),
};

/** A service with events and access tokens (menu, orders, payments, queue). */
export const serviceConfigFields = {
  /** RabbitMQ; unset only in all-in-one mode, which hands in its in-process bus. */
  AMQP_URL: env.url(['amqp', 'amqps']).optional(),
  /**
   * Pauses before each retry of a transiently failing event, e.g. `1000,5000,15000`; unset:
   * the bus's default (about ten minutes in all). Short ones make fault tests fast.
   */
  BUS_RETRY_DELAYS_MS: z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.split(',').map((part) => Number(part.trim())) : undefined))
    .refine((delays) => delays === undefined || delays.every((ms) => Number.isInteger(ms) && ms > 0), 'must be positive whole milliseconds, comma-separated'),
  /** The users service, whose `/internal/sessions/not-before` (SERVICE_TOKEN) a service reads at start. */
  USERS_SERVICE_URL: env.url(['http', 'https']).optional(),
  ...tokenConfigFields,
  ...httpConfigFields,
};
