import {
  createAmqpBus,
  createRevocationList,
  followSessionRevocations,
  loadSessionRevocations,
  type EventBus,
  type Logger,
  type RevocationList,
  type Subscription,
} from '@canteen/service-kit';

export interface SessionRevocationSettings {
  AMQP_URL?: string | undefined;
  USERS_SERVICE_URL: string;
  SERVICE_TOKEN?: string | undefined;
}

export interface SessionRevocations {
  /** What the BFF's verifier consults, like every service's. */
  readonly list: RevocationList;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The BFF checks tokens itself on its own routes (the apps' aggregates, the dead-letter admin
 * API, /metrics and the detailed /health), so it follows the users' not-before moments as the
 * services do: each BFF instance hears user.sessions_revoked on a queue of its own, and loads
 * the last day's moments from the users service at start and after each lost broker connection.
 */
export function createSessionRevocations(
  settings: SessionRevocationSettings,
  options: { bus?: EventBus | undefined; logger: Logger; queuePrefix?: string; exchange?: string },
): SessionRevocations {
  const list = createRevocationList();
  const { logger } = options;
  let ownBus: EventBus | undefined;
  let subscription: Subscription | undefined;
  return {
    list,
    async start() {
      if (!options.bus && settings.AMQP_URL) {
        ownBus = await createAmqpBus({
          url: settings.AMQP_URL,
          logger,
          connectionName: 'bff-revocations',
          ...(options.exchange ? { exchange: options.exchange } : {}),
        });
      }
      const bus = options.bus ?? ownBus;
      if (bus) {
        subscription = await followSessionRevocations(bus, { queue: `${options.queuePrefix ?? ''}bff.sessions-revoked`, list, logger, config: settings });
      } else {
        logger.warn('no AMQP_URL: the BFF\'s own routes accept a revoked access token until it expires (the services still refuse it)');
        if (settings.SERVICE_TOKEN) {
          await loadSessionRevocations({ usersUrl: settings.USERS_SERVICE_URL, serviceToken: settings.SERVICE_TOKEN, list, logger });
        }
      }
    },
    async stop() {
      await subscription?.cancel();
      subscription = undefined;
      await ownBus?.close();
      ownBus = undefined;
    },
  };
}
