import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import type { Logger } from '../logging/logger.ts';
import type { BusMessage, MessageHandler, Subscription } from './bus.ts';
import { ResilientChannel, type RawChannel } from './amqp.channel.ts';
import { deadLetterQueue, InFlight, withTimeout, type ResolvedSubscription } from './shared.ts';

/** Both exchanges are declared by every channel, so no start-up order between services matters. */
export async function assertExchanges(channel: RawChannel, exchange: string, deadLetterExchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange, 'topic', { durable: true });
}

/**
 * A quorum queue counts deliveries itself, so a poison message is dead-lettered even if every
 * consumer crashes while handling it. `x-delivery-limit` counts *re*deliveries: a message
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

  const channel: ResilientChannel = new ResilientChannel({
    manager: options.manager,
    name: `consumer:${sub.queue}`,
    confirm: false,
    logger,
    recreateDelayMs: options.recreateDelayMs,
    setup: async (ch) => {
      await assertExchanges(ch, exchange, deadLetterExchange);
      const dead = deadLetterQueue(sub.queue);
      await ch.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await ch.bindQueue(dead, deadLetterExchange, dead);
      await ch.assertQueue(sub.queue, {
        durable: true,
        arguments: queueArguments(sub.queue, deadLetterExchange, sub.maxDeliveries),
      });
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
    },
  });

  async function handle(ch: RawChannel, gone: () => boolean, msg: ConsumeMessage): Promise<void> {
    const { routingKey } = msg.fields;
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

    let body: unknown;
    try {
      if (typeof messageId !== 'string' || messageId === '') throw new Error('message has no messageId');
      body = JSON.parse(msg.content.toString('utf8'));
    } catch (err) {
      // Retrying cannot fix the bytes: straight to the dead letters.
      log.error({ err }, 'malformed message; dead-lettered without retry');
      return settle('reject', () => ch.reject(msg, false));
    }

    const deliveryCount = deliveryCountOf(msg);
    const message: BusMessage = {
      routingKey,
      messageId,
      body,
      deliveryCount,
      headers: { ...(msg.properties.headers ?? {}) },
    };
    try {
      await handler(message);
      settle('ack', () => ch.ack(msg));
    } catch (err) {
      if (deliveryCount >= sub.maxDeliveries) {
        log.error({ err, deliveryCount }, 'handler failed for the last time; the broker dead-letters it');
      } else {
        log.warn({ err, deliveryCount }, 'handler failed; message will be redelivered');
      }
      // reject, not nack: on RabbitMQ 4 only reject counts towards x-delivery-limit.
      settle('reject', () => ch.reject(msg, true));
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
  logger.info({ routingKeys: sub.routingKeys, prefetch: sub.prefetch, maxDeliveries: sub.maxDeliveries }, 'subscribed');
  return { channel, cancel };
}
