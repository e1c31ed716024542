import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConsumeMessage, Options } from 'amqplib';
import type { Logger } from '../logging/logger.ts';
import type { BusMessage, MessageHandler, Subscription } from './bus.ts';
import { ResilientChannel, type RawChannel } from './amqp.channel.ts';
import { cleanHeaders, copyProperties, HEADERS, numberHeader, originalRoutingKey } from './amqp.dead-letters.ts';
import { classifyFailure, describeFailure, retryDelay, type DeadLetterReason } from './failure.ts';
import { deadLetterQueue, InFlight, queueFamily, retryQueue, withTimeout, type ResolvedSubscription } from './shared.ts';

/** Both exchanges are declared by every channel, so no start-up order between services matters. */
export async function assertExchanges(channel: RawChannel, exchange: string, deadLetterExchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange, 'topic', { durable: true });
}

/**
 * A quorum queue counts deliveries itself, so a message is dead-lettered even if every
 * consumer crashes while handling it (handler failures never get that far: they are retried
 * through the retry queues or dead-lettered by the consumer). `x-delivery-limit` counts *re*deliveries: a message
 * is dead-lettered once it has been returned more than the limit, i.e. after limit + 1
 * deliveries. At-least-once dead-lettering keeps the message until `<queue>.dead` confirmed
 * it, and RabbitMQ only allows that strategy with `reject-publish` overflow.
 */
export function queueArguments(queue: string, deadLetterExchange: string, maxDeliveries: number): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-dead-letter-exchange': deadLetterExchange,
    'x-dead-letter-routing-key': deadLetterQueue(queue),
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
    'x-delivery-limit': maxDeliveries - 1,
  };
}

/**
 * A retry queue holds a failed message for its delay, then dead-letters it back to the work
 * queue (through the default exchange, so only that queue gets it). Quorum, with
 * at-least-once dead-lettering, so a broker restart loses no waiting retry.
 */
export function retryQueueArguments(queue: string, delayMs: number): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': queue,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/** Publishes a copy of a message and resolves on the broker's confirm. */
export type Republish = (exchange: string, routingKey: string, content: Buffer, options: Options.Publish) => Promise<void>;

/** Quorum queues put the number of earlier failed deliveries in `x-delivery-count`. */
export function deliveryCountOf(message: ConsumeMessage): number {
  const header: unknown = message.properties.headers?.['x-delivery-count'];
  const earlier = typeof header === 'number' ? header : typeof header === 'bigint' ? Number(header) : undefined;
  if (earlier !== undefined) return earlier + 1;
  // RabbitMQ 4 counts only rejects there; a redelivery after a lost channel still is one.
  return message.fields.redelivered ? 2 : 1;
}

export interface AmqpSubscriptionOptions {
  manager: AmqpConnectionManager;
  logger: Logger;
  exchange: string;
  deadLetterExchange: string;
  subscription: ResolvedSubscription;
  handler: MessageHandler;
  recreateDelayMs: number;
  readyTimeoutMs: number;
  /** The bus's confirmed publisher: retries and dead letters are settled before the ack. */
  republish: Republish;
}

export interface AmqpSubscription extends Subscription {
  readonly channel: ResilientChannel;
}

/**
 * One channel per subscription: its prefetch, its failures and its reconnects stay its own.
 * Resolves once the queue is declared, bound and consumed; rejects (and cleans up) if the
 * broker refuses the topology, e.g. a queue that exists with other arguments.
 */
export async function startAmqpSubscription(options: AmqpSubscriptionOptions): Promise<AmqpSubscription> {
  const { subscription: sub, exchange, deadLetterExchange, handler } = options;
  const logger = options.logger.child({ queue: sub.queue });
  const running = new InFlight();
  let cancelled = false;
  let consumer: { channel: RawChannel; tag: string; gone: () => boolean } | undefined;
  let consumedBefore = false;
  let replacedChecked = false;

  const channel: ResilientChannel = new ResilientChannel({
    manager: options.manager,
    name: `consumer:${sub.queue}`,
    confirm: false,
    logger,
    recreateDelayMs: options.recreateDelayMs,
    setup: async (ch) => {
      await assertExchanges(ch, exchange, deadLetterExchange);
      if (sub.perInstance) {
        if (sub.replaces && !replacedChecked) {
          replacedChecked = true;
          await deleteUnusedQueues(options.manager, queueFamily(sub.replaces, sub.retryDelaysMs), logger);
        }
        // Redeclared on every (re)connect: a new connection gets a new queue of its own.
        await ch.assertQueue(sub.queue, { durable: false, exclusive: true, autoDelete: true });
      } else {
        const dead = deadLetterQueue(sub.queue);
        await ch.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        await ch.bindQueue(dead, deadLetterExchange, dead);
        await ch.assertQueue(sub.queue, {
          durable: true,
          arguments: queueArguments(sub.queue, deadLetterExchange, sub.maxDeliveries),
        });
        for (const delay of new Set(sub.retryDelaysMs)) {
          await ch.assertQueue(retryQueue(sub.queue, delay), { durable: true, arguments: retryQueueArguments(sub.queue, delay) });
        }
      }
      for (const key of sub.routingKeys) await ch.bindQueue(sub.queue, exchange, key);
      if (cancelled) return;
      await ch.prefetch(sub.prefetch); // per consumer: amqplib's global flag defaults to false
      let closed = false;
      ch.once('close', () => {
        closed = true;
      });
      const gone = () => closed;
      const { consumerTag } = await ch.consume(
        sub.queue,
        (msg) => {
          // null: the broker cancelled us (queue deleted); a fresh channel redeclares and resumes.
          if (msg === null) return channel.fail('consumer cancelled by the broker');
          void running.track(handle(ch, gone, msg));
        },
        { noAck: false },
      );
      consumer = { channel: ch, tag: consumerTag, gone };
      // A new queue of the instance's own: what was sent while it had none is gone with the old one.
      if (sub.perInstance && consumedBefore) {
        logger.info('per-instance queue made again after a loss; messages sent meanwhile were missed');
        try {
          sub.onResumed?.();
        } catch (err) {
          logger.warn({ err }, 'onResumed failed');
        }
      }
      consumedBefore = true;
    },
  });

  async function handle(ch: RawChannel, gone: () => boolean, msg: ConsumeMessage): Promise<void> {
    const routingKey = originalRoutingKey(msg.fields.routingKey, msg.properties.headers);
    const messageId = msg.properties.messageId as unknown;
    const log = logger.child({ routingKey, messageId });
    // Acks must go to the channel that delivered; if it died, the broker redelivers anyway.
    const settle = (what: string, act: () => void) => {
      if (gone()) return log.debug(`channel closed before ${what}; the broker will redeliver`);
      try {
        act();
      } catch (err) {
        log.warn({ err }, `${what} failed; the broker will redeliver`);
      }
    };
    const failuresBefore = numberHeader(msg.properties.headers?.[HEADERS.failures]) ?? 0;
    const deliveryCount = failuresBefore + deliveryCountOf(msg);

    /** Parks a copy (in a retry queue or the dead letters), then acks the original. */
    const park = async (exchange: string, to: string, extra: Record<string, unknown>) => {
      const headers = { ...cleanHeaders(msg.properties.headers), [HEADERS.routingKey]: routingKey, ...extra };
      try {
        await options.republish(exchange, to, msg.content, copyProperties(msg.properties, headers));
      } catch (err) {
        // Not parked: hand it back, so the broker redelivers it (and dead-letters it at its limit).
        log.warn({ err, to }, 'could not park a failed message; returning it to the queue');
        return settle('reject', () => ch.reject(msg, true));
      }
      settle('ack', () => ch.ack(msg));
    };
    const deadLetter = (reason: DeadLetterReason, err: unknown) =>
      sub.perInstance
        ? settle('ack', () => {
          log.error({ err, reason }, 'failed message dropped (a queue of this instance only keeps no dead letters)');
          ch.ack(msg);
        })
        : park(deadLetterExchange, deadLetterQueue(sub.queue), {
        [HEADERS.failures]: failuresBefore + 1,
        [HEADERS.reason]: reason,
        [HEADERS.error]: describeFailure(err),
        [HEADERS.attempts]: deliveryCount,
        [HEADERS.deadAt]: new Date().toISOString(),
      });

    let body: unknown;
    try {
      if (typeof messageId !== 'string' || messageId === '') throw new Error('message has no messageId');
      body = JSON.parse(msg.content.toString('utf8'));
    } catch (err) {
      // Retrying cannot fix the bytes: straight to the dead letters.
      log.error({ err }, 'malformed message; dead-lettered without retry');
      return deadLetter('malformed', err);
    }

    const message: BusMessage = {
      routingKey,
      messageId,
      body,
      deliveryCount,
      headers: cleanHeaders(msg.properties.headers, Object.values(HEADERS)),
    };
    try {
      await handler(message);
      settle('ack', () => ch.ack(msg));
    } catch (err) {
      const kind = classifyFailure(err);
      const delay = kind === 'poison' || sub.perInstance ? undefined : retryDelay(sub.retryDelaysMs, failuresBefore + 1);
      if (delay !== undefined) {
        log.warn({ err, deliveryCount, retryInMs: delay }, 'handler failed; retrying later');
        return park('', retryQueue(sub.queue, delay), { [HEADERS.failures]: failuresBefore + 1, [HEADERS.error]: describeFailure(err) });
      }
      const reason = kind === 'poison' ? 'poison' : 'retries-exhausted';
      log.error({ err, deliveryCount, reason }, 'handler failed; dead-lettered');
      return deadLetter(reason, err);
    }
  }

  async function cancel(): Promise<void> {
    if (cancelled) return;
    cancelled = true;
    const current = consumer;
    consumer = undefined;
    if (current && !current.gone()) {
      try {
        await current.channel.cancel(current.tag);
      } catch (err) {
        logger.debug({ err }, 'basic.cancel failed; closing the channel anyway');
      }
    }
    // Let running handlers ack on the still-open channel before closing it.
    await running.drain();
    await channel.close();
  }

  try {
    await withTimeout(channel.ready, options.readyTimeoutMs, `queue ${sub.queue} was not set up within ${options.readyTimeoutMs} ms`);
  } catch (err) {
    cancelled = true;
    await channel.close();
    throw new Error(`cannot subscribe to ${sub.queue}: ${(err as Error).message}`, { cause: err });
  }
  logger.info(
    { routingKeys: sub.routingKeys, prefetch: sub.prefetch, maxDeliveries: sub.maxDeliveries, retryDelaysMs: sub.retryDelaysMs },
    'subscribed',
  );
  return { channel, cancel };
}

/**
 * Deletes the queues that exist and that no consumer uses; leaves the others. Each on a channel
 * of its own: a missing queue is a broker error that closes the channel it happens on. Not
 * `ifUnused`: quorum queues refuse it with an error that closes the whole connection, so the
 * consumer count is read first (an older replica that subscribes in between loses its queue;
 * it consumes the old name only until it is replaced, and a restart brings it back).
 */
async function deleteUnusedQueues(manager: AmqpConnectionManager, names: readonly string[], logger: Logger): Promise<void> {
  const connection = manager.connection;
  if (!connection) return;
  for (const name of names) {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      const found = await channel.checkQueue(name).catch(() => undefined);
      if (!found) continue;
      if (found.consumerCount > 0) {
        logger.info({ replaced: name, consumers: found.consumerCount }, 'a queue this subscription replaces is still in use; left for a later start');
        continue;
      }
      const { messageCount } = await channel.deleteQueue(name);
      logger.info({ replaced: name, messages: messageCount }, 'deleted a queue this subscription replaces');
    } catch (err) {
      logger.warn({ err, replaced: name }, 'could not delete a queue this subscription replaces');
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}
