import { ConfigError } from '../config/config.ts';
import { createAmqpBus } from '../bus/amqp.bus.ts';
import type { EventBus } from '../bus/bus.ts';
import { createTokenVerifier, type TokenVerifier } from '../auth/jwt.ts';
import type { RevocationList } from '../auth/revocations.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Stops a service with events at start-up when it has no bus: only all-in-one mode hands in
 * an in-process one; on its own a service needs AMQP_URL. Call it first, before any I/O.
 */
export function assertBusConfigured(service: string, given: EventBus | undefined, amqpUrl: string | undefined): void {
  if (!given && !amqpUrl) {
    throw new ConfigError([
      `AMQP_URL is required when the ${service} service runs on its own (only all-in-one mode has an in-process bus)`,
    ]);
  }
}

export interface ServiceBus {
  bus: EventBus;
  /** Closes the bus if the service opened it; the launcher closes a bus it handed in. */
  close(): Promise<void>;
}

/** The bus handed in (all-in-one), or the service's own RabbitMQ connection. */
export async function openServiceBus(options: {
  service: string;
  given: EventBus | undefined;
  amqpUrl: string | undefined;
  logger: Logger;
  exchange?: string | undefined;
  /** The pauses between retries of a transient failure (BUS_RETRY_DELAYS_MS); unset: the bus's default. */
  retryDelaysMs?: readonly number[] | undefined;
}): Promise<ServiceBus> {
  assertBusConfigured(options.service, options.given, options.amqpUrl);
  if (options.given) return { bus: options.given, close: async () => undefined };
  const bus = await createAmqpBus({
    url: options.amqpUrl!,
    logger: options.logger,
    connectionName: options.service,
    ...(options.exchange ? { exchange: options.exchange } : {}),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  return { bus, close: () => bus.close() };
}

/**
 * Every service verifies access tokens the same way, from the same three variables, and
 * refuses those its `revocations` (fed by `subscribeSessionRevocations`) say were revoked.
 */
export const verifierFromConfig = (
  config: { JWT_PUBLIC_KEY: string; JWT_ISSUER: string; JWT_AUDIENCE: string },
  revocations?: RevocationList,
): Promise<TokenVerifier> =>
  createTokenVerifier(config.JWT_PUBLIC_KEY, {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    ...(revocations ? { revocations } : {}),
  });
