import { randomUUID } from 'node:crypto';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { ConfirmChannel, GetMessage, MessageProperties, Options } from 'amqplib';
import type { Logger } from '../logging/logger.ts';
import type { DeadLetter, DeadLetterReason } from './failure.ts';
import { deadLetterLimit, deadLetterQueue } from './shared.ts';

/**
 * Headers the bus puts on the copies it makes of a failed message (a retry, a dead letter, a
 * redrive). Retries and redrives go to one queue directly (through the default exchange), so
 * the routing key the producer chose travels in a header and the consumer restores it.
 */
export const HEADERS = {
  routingKey: 'x-canteen-routing-key',
  failures: 'x-canteen-failures',
  error: 'x-canteen-error',
  reason: 'x-canteen-dead-reason',
  attempts: 'x-canteen-attempts',
  deadAt: 'x-canteen-dead-at',
  /** Which redrive sent it back: one that meets its own message again (it failed again) stops there. */
  redrive: 'x-canteen-redrive',
} as const;

/** The broker's own bookkeeping; a copy starts afresh without it (x-death would only grow). */
const BROKER_HEADERS = /^x-(death|delivery-count|first-death-|last-death-)/;

type Headers = Record<string, unknown>;

export function cleanHeaders(headers: Headers | undefined, drop: readonly string[] = []): Headers {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !BROKER_HEADERS.test(name) && !drop.includes(name)));
}

interface Death {
  reason?: string;
  'routing-keys'?: string[];
  time?: unknown;
  count?: number;
}

const deathsOf = (headers: Headers): Death[] => (Array.isArray(headers['x-death']) ? (headers['x-death'] as Death[]) : []);

/** The routing key the producer published with, wherever the message has been since. */
export function originalRoutingKey(routingKey: string, headers: Headers | undefined): string {
  const h = headers ?? {};
  const kept = h[HEADERS.routingKey];
  if (typeof kept === 'string' && kept !== '') return kept;
  // Dead-lettered by the broker (delivery limit): x-death remembers where it came from.
  const first = deathsOf(h).at(-1)?.['routing-keys']?.[0];
  return first ?? routingKey;
}

export const numberHeader = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;

/** Properties of a copy: the producer's id, type and time, marked persistent. */
export function copyProperties(properties: MessageProperties, headers: Headers): Options.Publish {
  return {
    persistent: true,
    messageId: properties.messageId as string | undefined,
    contentType: properties.contentType as string | undefined,
    timestamp: properties.timestamp as number | undefined,
    headers,
  };
}

function deathTime(death: Death | undefined): string | undefined {
  const time = death?.time as { value?: unknown } | number | undefined;
  const seconds = typeof time === 'number' ? time : numberHeader(time?.value);
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

function toDeadLetter(queue: string, message: GetMessage): DeadLetter {
  const headers: Headers = message.properties.headers ?? {};
  const text = message.content.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A malformed message is shown as the text it is.
  }
  const death = deathsOf(headers)[0];
  const ours = headers[HEADERS.reason];
  // Without our header the broker dead-lettered it: the delivery limit, or (before retries
  // existed) a reject without requeue.
  const reason: DeadLetterReason =
    typeof ours === 'string' ? (ours as DeadLetterReason) : death?.reason === 'delivery_limit' ? 'delivery-limit' : 'poison';
  const error = headers[HEADERS.error];
  const deadAt = typeof headers[HEADERS.deadAt] === 'string' ? (headers[HEADERS.deadAt] as string) : deathTime(death);
  return {
    queue,
    messageId: String(message.properties.messageId ?? ''),
    routingKey: originalRoutingKey(message.fields.routingKey, headers),
    body,
    reason,
    error: typeof error === 'string' ? error : `dead-lettered by the broker (${death?.reason ?? 'unknown reason'})`,
    attempts: numberHeader(headers[HEADERS.attempts]) ?? numberHeader(headers['x-delivery-count']) ?? 0,
    ...(deadAt ? { deadAt } : {}),
  };
}

// amqplib rejects a checkQueue with an Error carrying `code`, a get with the channel's close frame.
const isNotFound = (err: unknown) => {
  const e = err as { code?: unknown; fields?: { replyCode?: unknown } } | null;
  return e?.code === 404 || e?.fields?.replyCode === 404;
};

/**
 * Listing and redriving `<queue>.dead` on RabbitMQ. Each call takes a channel of its own on
 * the bus's connection (a broker error closes the channel it happens on). Listing holds the
 * messages unacknowledged and gives them back with a nack (which, unlike a reject or a closed
 * channel, does not count as a failed delivery on RabbitMQ 4), so they stay where they were.
 */
export function amqpDeadLetters(manager: AmqpConnectionManager, logger: Logger) {
  async function withChannel<T>(work: (channel: ConfirmChannel) => Promise<T>, empty: T): Promise<T> {
    const connection = manager.connection;
    if (!connection) throw new Error('not connected to RabbitMQ');
    const channel = await connection.createConfirmChannel();
    channel.on('error', (err: unknown) => logger.debug({ err }, 'dead-letter channel error'));
    try {
      return await work(channel);
    } catch (err) {
      if (isNotFound(err)) return empty; // the queue was never declared: nothing dead
      throw err;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Takes up to `max` messages, hands each to `visit` (true: it is done, ack it), then gives the rest back. */
  async function walk(queue: string, max: number, visit: (message: GetMessage, channel: ConfirmChannel) => Promise<boolean>): Promise<void> {
    await withChannel(async (channel) => {
      const held: GetMessage[] = [];
      try {
        for (let i = 0; i < max; i++) {
          const message = await channel.get(deadLetterQueue(queue), { noAck: false });
          if (!message) break;
          if (await visit(message, channel)) channel.ack(message);
          else held.push(message);
        }
      } finally {
        for (const message of held) channel.nack(message, false, true);
      }
    }, undefined);
  }

  return {
    async count(queue: string): Promise<number> {
      return withChannel(async (channel) => (await channel.checkQueue(deadLetterQueue(queue))).messageCount, 0);
    },

    async list(queue: string, limit?: number): Promise<DeadLetter[]> {
      const letters: DeadLetter[] = [];
      await walk(queue, deadLetterLimit(limit), async (message) => {
        letters.push(toDeadLetter(queue, message));
        return false;
      });
      return letters;
    },

    async redrive(queue: string, messageId?: string): Promise<number> {
      const thisRedrive = randomUUID();
      let moved = 0;
      await walk(queue, Number.POSITIVE_INFINITY, async (message, channel) => {
        if (messageId !== undefined && message.properties.messageId !== messageId) return false;
        // Sent back by this very call and failed again: it stays, so a redrive of all ends.
        if (message.properties.headers?.[HEADERS.redrive] === thisRedrive) return false;
        const headers = cleanHeaders(message.properties.headers, Object.values(HEADERS));
        headers[HEADERS.routingKey] = originalRoutingKey(message.fields.routingKey, message.properties.headers);
        headers[HEADERS.redrive] = thisRedrive;
        // Straight to the queue: other queues bound to the routing key handled it already.
        channel.publish('', queue, message.content, copyProperties(message.properties, headers));
        await channel.waitForConfirms();
        moved += 1;
        return true;
      });
      if (moved > 0) logger.info({ queue, messageId, count: moved }, 'dead letters redriven');
      return moved;
    },
  };
}

export type AmqpDeadLetters = ReturnType<typeof amqpDeadLetters>;

