import { AmqpConnectionManagerClass } from 'amqp-connection-manager';
import { amqpSocketOf, coalesceWrites } from './coalesced-writes.ts';
import type { Logger } from '../logging/logger.ts';
import {
  DEAD_LETTER_EXCHANGE,
  DEFAULT_MAX_DELIVERIES,
  EXCHANGE,
  type BusHealth,
  type EventBus,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './bus.ts';
import { ResilientChannel } from './amqp.channel.ts';
import { assertExchanges, startAmqpSubscription, type AmqpSubscription, type Republish } from './amqp.consumer.ts';
import { amqpDeadLetters } from './amqp.dead-letters.ts';
import { DEFAULT_RETRY_DELAYS_MS } from './failure.ts';
import { checkPublish, encodeJson, errorMessage, InFlight, redactUrl, resolveSubscription, withTimeout } from './shared.ts';

export interface AmqpBusOptions {
  url: string;
  logger: Logger;
  exchange?: string;
  deadLetterExchange?: string;
  /** Default deliveries without an answer (a crashing consumer) before the broker dead-letters. */
  maxDeliveries?: number;
  /** Default pauses before each retry of a transient failure (see `DEFAULT_RETRY_DELAYS_MS`). */
  retryDelaysMs?: readonly number[];
  /** Shown in the RabbitMQ management UI, e.g. the service name. */
  connectionName?: string;
  /**
   * How long publish() waits for the broker's confirm, including time spent waiting for a
   * reconnect. After it, publish() rejects and the caller (the outbox relay) retries later.
   */
  publishTimeoutMs?: number;
  /** How long createAmqpBus() and subscribe() wait for the broker before they give up. */
  connectTimeoutMs?: number;
  heartbeatSeconds?: number;
  /** Pause between reconnect attempts. */
  reconnectSeconds?: number;
}

export interface AmqpBus extends EventBus {
  readonly kind: 'amqp';
}

// Errors amqplib and amqp-connection-manager give a publish caught by a dying channel.
const CHANNEL_LOSS = /channel (closed|ended)|connection closed/i;

/**
 * The RabbitMQ adapter of the EventBus port, over amqp-connection-manager so connections and
 * channels come back after a broker restart with their topology re-asserted.
 *
 * Resolves once connected and the exchanges are declared: a service with a wrong URL or
 * credentials fails at start-up with a clear message (after `connectTimeoutMs`) instead of
 * running deaf. After that, outages are survived: publish() buffers until the broker is back
 * (up to `publishTimeoutMs`), consumers resume by themselves, and health() says what is up.
 *
 * Messages published to a routing key no queue is bound to are dropped by the exchange, so
 * consumers must have subscribed (their queues declared) before the events they need flow.
 */
export async function createAmqpBus(options: AmqpBusOptions): Promise<AmqpBus> {
  const logger = options.logger.child({ component: 'bus', bus: 'amqp' });
  const where = redactUrl(options.url);
  const exchange = options.exchange ?? EXCHANGE;
  const deadLetterExchange = options.deadLetterExchange ?? DEAD_LETTER_EXCHANGE;
  const defaultMaxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const defaultRetryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const reconnectSeconds = options.reconnectSeconds ?? 2;
  const recreateDelayMs = reconnectSeconds * 1000;

  const manager = new AmqpConnectionManagerClass(options.url, {
    heartbeatIntervalInSeconds: options.heartbeatSeconds ?? 5,
    reconnectTimeInSeconds: reconnectSeconds,
    // noDelay: without it Nagle's algorithm holds small frames back, ~40 ms on every publish
    // confirm and delivery (measured by bench/order-loop.ts), which the order loop pays twice.
    connectionOptions: { noDelay: true, clientProperties: { connection_name: options.connectionName ?? 'canteen' } },
  });
  let connected = false;
  let closing = false;
  let lastError: string | undefined;
  let blocked: string | undefined;
  manager.on('connect', ({ connection }: { connection: unknown }) => {
    if (!coalesceWrites(amqpSocketOf(connection))) logger.debug('AMQP socket not found: its writes go out one by one');
    connected = true;
    lastError = undefined;
    logger.info({ url: where }, 'connected to RabbitMQ');
  });
  manager.on('disconnect', ({ err }: { err?: Error }) => {
    connected = false;
    blocked = undefined;
    lastError = err ? errorMessage(err) : 'connection closed';
    if (!closing) logger.warn({ err, url: where }, 'lost RabbitMQ; reconnecting');
  });
  manager.on('connectFailed', ({ err }: { err: Error }) => {
    lastError = errorMessage(err);
    if (!closing) logger.warn({ err, url: where, retryInSeconds: reconnectSeconds }, 'cannot reach RabbitMQ');
  });
  manager.on('blocked', ({ reason }: { reason: string }) => {
    blocked = reason;
    logger.warn({ reason }, 'RabbitMQ blocked this connection; publishes wait');
  });
  manager.on('unblocked', () => {
    blocked = undefined;
    logger.info('RabbitMQ unblocked this connection');
  });

  let publisher: ResilientChannel | undefined;
  try {
    await manager.connect({ timeout: connectTimeoutMs });
    publisher = new ResilientChannel({
      manager,
      name: 'publisher',
      confirm: true,
      logger,
      recreateDelayMs,
      setup: (channel) => assertExchanges(channel, exchange, deadLetterExchange),
    });
    await withTimeout(publisher.ready, connectTimeoutMs, 'exchanges were not declared in time');
  } catch (err) {
    closing = true;
    await publisher?.close();
    await manager.close().catch(() => undefined);
    throw new Error(`RabbitMQ at ${where} is not usable: ${errorMessage(err)}`, { cause: err });
  }
  const confirmed: ResilientChannel = publisher;

  const subscriptions = new Set<AmqpSubscription>();
  const deadLetters = amqpDeadLetters(manager, logger);
  // A failed message's copy (retry or dead letter) goes out on the confirmed publisher.
  const republish: Republish = (to, routingKey, content, publishOptions) =>
    confirmed.wrapper.publish(to, routingKey, content, { ...publishOptions, timeout: publishTimeoutMs }).then(() => undefined);
  const publishing = new InFlight();
  let closed: Promise<void> | undefined;

  async function publishConfirmed(routingKey: string, content: Buffer, publishOptions: PublishOptions): Promise<void> {
    const { messageId } = publishOptions;
    const deadline = Date.now() + publishTimeoutMs;
    const timedOut = () =>
      new Error(`publish of ${routingKey} ${messageId} was not confirmed within ${publishTimeoutMs} ms`);
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw timedOut();
      try {
        // The wrapper queues the message while disconnected and resolves on the broker's ack.
        await confirmed.wrapper.publish(exchange, routingKey, content, {
          persistent: true,
          messageId,
          contentType: 'application/json',
          timestamp: Math.floor(Date.now() / 1000),
          headers: publishOptions.headers ?? {},
          timeout: remaining,
        });
        return;
      } catch (err) {
        if (errorMessage(err) === 'timeout') throw timedOut();
        if (closing || !CHANNEL_LOSS.test(errorMessage(err))) throw err;
        // A message in flight when the connection dropped is failed, not requeued, by the
        // wrapper. The broker may or may not have it: sending again is at-least-once.
        logger.warn({ err, routingKey, messageId, attempt }, 'channel lost before the confirm; publishing again');
      }
    }
  }

  return {
    kind: 'amqp',

    async publish(routingKey: string, body: unknown, publishOptions: PublishOptions): Promise<void> {
      if (closing) throw new Error('the AMQP bus is closed');
      checkPublish(routingKey, publishOptions);
      const content = Buffer.from(encodeJson(body, `body of ${routingKey} ${publishOptions.messageId}`), 'utf8');
      encodeJson(publishOptions.headers ?? {}, `headers of ${routingKey} ${publishOptions.messageId}`);
      await publishing.track(publishConfirmed(routingKey, content, publishOptions));
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      if (closing) throw new Error('the AMQP bus is closed');
      const subscription = await startAmqpSubscription({
        manager,
        logger,
        exchange,
        deadLetterExchange,
        subscription: resolveSubscription(subscribeOptions, defaultMaxDeliveries, defaultRetryDelaysMs),
        handler: subscribeOptions.handler,
        republish,
        recreateDelayMs,
        readyTimeoutMs: connectTimeoutMs,
      });
      subscriptions.add(subscription);
      return {
        async cancel() {
          subscriptions.delete(subscription);
          await subscription.cancel();
        },
      };
    },

    health(): BusHealth {
      if (closing) return { ok: false, detail: 'closed' };
      if (!connected) return { ok: false, detail: `disconnected from ${where}: ${lastError ?? 'connecting'}` };
      if (blocked) return { ok: false, detail: `blocked by RabbitMQ: ${blocked}` };
      const broken = [confirmed, ...[...subscriptions].map((s) => s.channel)].find((c) => c.broken);
      if (broken) return { ok: false, detail: `channel broken: ${broken.broken}` };
      return { ok: true, detail: `connected to ${where}` };
    },

    listDeadLetters: (queue, listOptions) => deadLetters.list(queue, listOptions?.limit),
    countDeadLetters: (queue) => deadLetters.count(queue),
    redriveDeadLetters(queue, redriveOptions) {
      if (closing) return Promise.reject(new Error('the AMQP bus is closed'));
      return deadLetters.redrive(queue, redriveOptions?.messageId);
    },

    close(): Promise<void> {
      closed ??= (async () => {
        closing = true;
        // Handlers finish and ack first, then unconfirmed publishes settle (bounded by their timeout).
        await Promise.allSettled([...subscriptions].map((s) => s.cancel()));
        subscriptions.clear();
        await publishing.drain();
        await confirmed.close();
        await manager.close().catch((err: unknown) => logger.debug({ err }, 'connection close failed'));
        logger.info('closed');
      })();
      return closed;
    },
  };
}
