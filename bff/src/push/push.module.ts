import type { Router } from 'express';
import {
  ConfigError,
  createAmqpBus,
  createPushEndpointPolicy,
  type DeadLetterSource,
  type EventBus,
  type Logger,
  type Subscription,
} from '@canteen/service-kit';
import { PUSH_CONSUMER, subscribePushNotifications } from './push.handler.ts';
import { pushRoutes } from './push.routes.ts';
import { createPushSender } from './push-sender.ts';
import { createUsersInternalClient } from './users-internal.client.ts';
import { pushConfigProblems, pushSettingsFrom, type PushConfig } from './vapid.ts';

export interface WebPushConfig extends PushConfig {
  USERS_SERVICE_URL: string;
  UPSTREAM_TIMEOUT_MS: number;
  AMQP_URL?: string | undefined;
  PUSH_ENDPOINT_HOSTS: string[];
  PUSH_ALLOW_PRIVATE_NETWORK: boolean;
}

export interface WebPushOptions {
  logger: Logger;
  /** The in-process bus of all-in-one mode; otherwise AMQP_URL is needed when push is on. */
  bus?: EventBus | undefined;
  /** Tests: a queue of their own on a shared broker, and the CA of a local push service. */
  queuePrefix?: string;
  exchange?: string;
  ca?: string | Buffer;
}

export interface WebPush {
  enabled: boolean;
  /** Mount at `/api/push`. */
  routes: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The push consumer's queue and bus while it runs, for the dead-letter admin API. */
  deadLetterSource(): DeadLetterSource | undefined;
}

/**
 * The BFF's Web Push module: the public-key route, and a consumer of the order events that
 * pushes to the customer's browsers. Off (the route answers 503) when no VAPID keys are set.
 */
export function createWebPush(config: WebPushConfig, options: WebPushOptions): WebPush {
  const logger = options.logger.child({ module: 'push' });
  const problems = pushConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${p.path} ${p.message}`));
  const settings = pushSettingsFrom(config);
  const routes = pushRoutes(settings?.vapid.publicKey);
  if (!settings) {
    return {
      enabled: false,
      routes,
      async start() {
        logger.warn('Web Push is off: set VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT and SERVICE_TOKEN to turn it on');
      },
      async stop() {},
      deadLetterSource: () => undefined,
    };
  }
  if (!options.bus && !config.AMQP_URL) {
    throw new ConfigError(['AMQP_URL is required for Web Push when the BFF runs on its own (only all-in-one mode has an in-process bus)']);
  }

  const sender = createPushSender({
    vapid: settings.vapid,
    logger,
    subscriptions: createUsersInternalClient({
      baseUrl: config.USERS_SERVICE_URL,
      serviceToken: settings.serviceToken,
      timeoutMs: config.UPSTREAM_TIMEOUT_MS,
      logger,
    }),
    endpoints: createPushEndpointPolicy({ hosts: config.PUSH_ENDPOINT_HOSTS, allowPrivateNetwork: config.PUSH_ALLOW_PRIVATE_NETWORK }),
    ...(options.ca ? { ca: options.ca } : {}),
  });

  let bus: EventBus | undefined;
  let subscription: Subscription | undefined;
  return {
    enabled: true,
    routes,
    async start() {
      bus =
        options.bus ??
        (await createAmqpBus({
          url: config.AMQP_URL!,
          logger,
          connectionName: 'bff',
          ...(options.exchange ? { exchange: options.exchange } : {}),
        }));
      try {
        subscription = await subscribePushNotifications(bus, { sender, logger }, options.queuePrefix ? { queuePrefix: options.queuePrefix } : {});
      } catch (err) {
        if (!options.bus) await bus.close();
        bus = undefined;
        throw err;
      }
      logger.info({ bus: bus.kind }, 'Web Push on');
    },
    async stop() {
      // The consumer first, so a push in progress finishes and acks before the bus goes.
      await subscription?.cancel();
      subscription = undefined;
      if (bus && !options.bus) await bus.close();
      bus = undefined;
    },
    deadLetterSource: () => (bus ? { service: 'bff', bus, queues: [`${options.queuePrefix ?? ''}${PUSH_CONSUMER}`] } : undefined),
  };
}
