import { z } from 'zod';
import { env, httpConfigFields, loadConfig, pushEndpointConfigFields, serviceTokenField, tokenConfigFields } from '@canteen/service-kit';

/** The users service's environment; see the README's table for what each variable does. */
export const usersConfigSchema = z
  .object({
    HOST: env.host(),
    USERS_PORT: env.port(8081),
    USERS_DATABASE_URL: env.url(['postgres', 'postgresql']).optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    JWT_PRIVATE_KEY: env.pem('PRIVATE'),
    ...tokenConfigFields,
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).default(30 * 86_400),
    // A session ends this long after sign-in even if it is refreshed every day.
    SESSION_MAX_SECONDS: z.coerce.number().int().min(3600).default(90 * 86_400),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
    // Per account from one client address; a stranger's failures elsewhere never lock the owner.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    // Per account from all addresses (a spread-out guess); addresses the owner used stay open.
    LOGIN_MAX_FAILURES_PER_ACCOUNT_ALL_CLIENTS: z.coerce.number().int().min(1).default(100),
    // High on purpose: a whole campus can sit behind one NAT address at lunch time.
    LOGIN_MAX_ATTEMPTS_PER_CLIENT: z.coerce.number().int().min(1).default(600),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    // RabbitMQ, for user.sessions_revoked (written to the outbox first; unset in all-in-one).
    AMQP_URL: env.url(['amqp', 'amqps']).optional(),
    /** Shared with the BFF, which reads push subscriptions through /internal with it. */
    SERVICE_TOKEN: serviceTokenField,
    ...pushEndpointConfigFields,
    // Phones, laptops and renewed subscriptions of one student; more is abuse.
    PUSH_MAX_SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(10),
    ...httpConfigFields,
  })
  .refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
    message: 'set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither',
    path: ['ADMIN_PASSWORD'],
  });

export type UsersConfig = z.infer<typeof usersConfigSchema>;

export const loadUsersConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(usersConfigSchema, source);
