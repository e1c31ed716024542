import type { Logger } from '../logging/logger.ts';
import {
  DEFAULT_MAX_DELIVERIES,
  type BusHealth,
  type BusMessage,
  type EventBus,
  type MessageHandler,
  type PublishOptions,
  type SubscribeOptions,
  type Subscription,
} from './bus.ts';
import { classifyFailure, DEFAULT_RETRY_DELAYS_MS, describeFailure, retryDelay, type DeadLetter, type DeadLetterReason } from './failure.ts';
import { checkPublish, deadLetterLimit, encodeJson, InFlight, resolveSubscription } from './shared.ts';
import { topicMatches } from './topic.ts';

export interface InProcessBusOptions {
  logger: Logger;
  /** Default for subscriptions' `maxDeliveries` (kept as on RabbitMQ: a redeclare must match). */
  maxDeliveries?: number;
  /** Default pauses before each retry of a transient failure (see `DEFAULT_RETRY_DELAYS_MS`). */
  retryDelaysMs?: readonly number[];
  /**
   * Shorthand for tests written before retry schedules: `maxDeliveries - 1` retries, each
   * after this pause. Ignored when `retryDelaysMs` is given.
   */
  redeliveryDelayMs?: number;
}

export interface InProcessBus extends EventBus {
  readonly kind: 'in-process';
  /** Messages dead-lettered from `queue` (what RabbitMQ would hold in `<queue>.dead`), oldest first. */
  deadLetters(queue: string): BusMessage[];
}

/** The message as stored: the body stays a JSON string so every delivery gets its own copy. */
interface Envelope {
  routingKey: string;
  messageId: string;
  payload: string;
  headers: string;
  deliveryCount: number;
  /** Handler failures so far; the next retry waits `retryDelaysMs[failures - 1]`. */
  failures: number;
}

interface DeadEnvelope {
  envelope: Envelope;
  reason: DeadLetterReason;
  error: string;
  deadAt: Date;
}

interface Consumer {
  handler: MessageHandler;
  retryDelaysMs: readonly number[];
  prefetch: number;
  inFlight: number;
  active: boolean;
  running: InFlight;
}

interface Queue {
  name: string;
  patterns: Set<string>;
  maxDeliveries: number;
  ready: Envelope[];
  consumers: Consumer[];
  /** Round-robin cursor over `consumers`, as RabbitMQ serves competing consumers. */
  next: number;
  dead: DeadEnvelope[];
  dispatchScheduled: boolean;
}

/**
 * The bus of the all-in-one process. It keeps RabbitMQ's semantics so code that works here
 * works on the broker: queues and their bindings outlive their consumers (like durable
 * queues), a message published to a routing key no queue is bound to yet is dropped (as a
 * topic exchange drops it), competing consumers on one queue share its messages, a transient
 * failure is retried on the same schedule and a poison message dead-lettered at once (the
 * rules of `bus.ts`), and dead letters can be listed and redriven. Nothing survives the
 * process: durability is what the services' outboxes are for.
 */
export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const logger = options.logger.child({ component: 'bus', bus: 'in-process' });
  const defaultMaxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const retryDelaysFor = (maxDeliveries: number): readonly number[] =>
    options.retryDelaysMs ??
    (options.redeliveryDelayMs === undefined
      ? DEFAULT_RETRY_DELAYS_MS
      : Array.from({ length: Math.max(0, maxDeliveries - 1) }, () => options.redeliveryDelayMs!));
  const queues = new Map<string, Queue>();
  const timers = new Set<NodeJS.Timeout>();
  const everything = new InFlight();
  let closed = false;

  function schedule(queue: Queue): void {
    if (queue.dispatchScheduled || closed) return;
    queue.dispatchScheduled = true;
    // Deliver on a later turn so publish() returns before any handler runs, as with a broker.
    setImmediate(() => {
      queue.dispatchScheduled = false;
      dispatch(queue);
    });
  }

  function dispatch(queue: Queue): void {
    while (!closed && queue.ready.length > 0) {
      const consumer = nextConsumer(queue);
      if (!consumer) return;
      deliver(queue, consumer, queue.ready.shift()!);
    }
  }

  function nextConsumer(queue: Queue): Consumer | undefined {
    const count = queue.consumers.length;
    for (let i = 0; i < count; i++) {
      const index = (queue.next + i) % count;
      const consumer = queue.consumers[index]!;
      if (consumer.active && consumer.inFlight < consumer.prefetch) {
        queue.next = (index + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  function deliver(queue: Queue, consumer: Consumer, envelope: Envelope): void {
    envelope.deliveryCount += 1;
    consumer.inFlight += 1;
    const message = toMessage(envelope);
    const log = logger.child({ queue: queue.name, messageId: envelope.messageId, routingKey: envelope.routingKey });
    const work = Promise.resolve()
      .then(() => consumer.handler(message))
      .then(
        () => undefined,
        (err: unknown) => {
          envelope.failures += 1;
          const kind = classifyFailure(err);
          const delay = kind === 'poison' ? undefined : retryDelay(consumer.retryDelaysMs, envelope.failures);
          const deliveryCount = envelope.deliveryCount;
          if (delay !== undefined) {
            log.warn({ err, deliveryCount, retryInMs: delay }, 'handler failed; retrying later');
            return requeueLater(queue, envelope, delay);
          }
          const reason = kind === 'poison' ? 'poison' : 'retries-exhausted';
          log.error({ err, deliveryCount, reason }, 'handler failed; dead-lettered');
          queue.dead.push({ envelope, reason, error: describeFailure(err), deadAt: new Date() });
        },
      )
      .finally(() => {
        consumer.inFlight -= 1;
        schedule(queue);
      });
    consumer.running.track(work);
    everything.track(work);
  }

  function requeueLater(queue: Queue, envelope: Envelope, delayMs: number): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      // At the back, so one poison message cannot starve the others.
      queue.ready.push(envelope);
      schedule(queue);
    }, delayMs);
    timers.add(timer);
  }

  function declare(name: string, patterns: string[], maxDeliveries: number): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = { name, patterns: new Set(), maxDeliveries, ready: [], consumers: [], next: 0, dead: [], dispatchScheduled: false };
      queues.set(name, queue);
    } else if (queue.maxDeliveries !== maxDeliveries) {
      // RabbitMQ refuses to redeclare a queue with other arguments; fail the same way here.
      throw new Error(
        `queue ${name} already exists with maxDeliveries ${queue.maxDeliveries}, not ${maxDeliveries}`,
      );
    }
    // Bindings only ever grow, as bindings on a durable queue do.
    for (const pattern of patterns) queue.patterns.add(pattern);
    return queue;
  }

  return {
    kind: 'in-process',

    async publish(routingKey: string, body: unknown, publishOptions: PublishOptions): Promise<void> {
      if (closed) throw new Error('the in-process bus is closed');
      checkPublish(routingKey, publishOptions);
      const payload = encodeJson(body, `body of ${routingKey} ${publishOptions.messageId}`);
      const headers = encodeJson(publishOptions.headers ?? {}, `headers of ${routingKey} ${publishOptions.messageId}`);
      let routed = 0;
      for (const queue of queues.values()) {
        if (![...queue.patterns].some((pattern) => topicMatches(pattern, routingKey))) continue;
        queue.ready.push({ routingKey, messageId: publishOptions.messageId, payload, headers, deliveryCount: 0, failures: 0 });
        schedule(queue);
        routed += 1;
      }
      if (routed === 0) logger.debug({ routingKey, messageId: publishOptions.messageId }, 'no queue bound; message dropped');
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error('the in-process bus is closed');
      const resolved = resolveSubscription(
        subscribeOptions,
        defaultMaxDeliveries,
        retryDelaysFor(subscribeOptions.maxDeliveries ?? defaultMaxDeliveries),
      );
      const queue = declare(resolved.queue, resolved.routingKeys, resolved.maxDeliveries);
      const consumer: Consumer = {
        handler: subscribeOptions.handler,
        retryDelaysMs: resolved.retryDelaysMs,
        prefetch: resolved.prefetch,
        inFlight: 0,
        active: true,
        running: new InFlight(),
      };
      queue.consumers.push(consumer);
      logger.info({ queue: queue.name, routingKeys: resolved.routingKeys, prefetch: resolved.prefetch }, 'subscribed');
      schedule(queue);
      return {
        async cancel() {
          if (!consumer.active) return;
          consumer.active = false;
          queue.consumers = queue.consumers.filter((c) => c !== consumer);
          queue.next = 0;
          await consumer.running.drain();
          // Whatever it failed while we waited goes to the remaining consumers.
          schedule(queue);
        },
      };
    },

    health(): BusHealth {
      return closed ? { ok: false, detail: 'closed' } : { ok: true, detail: 'in-process' };
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const queue of queues.values()) for (const consumer of queue.consumers) consumer.active = false;
      await everything.drain();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      logger.info('closed');
    },

    deadLetters(queue: string): BusMessage[] {
      return (queues.get(queue)?.dead ?? []).map((dead) => toMessage(dead.envelope));
    },

    async listDeadLetters(queue: string, listOptions: { limit?: number } = {}): Promise<DeadLetter[]> {
      const limit = deadLetterLimit(listOptions.limit);
      return (queues.get(queue)?.dead ?? []).slice(0, limit).map((dead) => toDeadLetter(queue, dead));
    },

    async countDeadLetters(queue: string): Promise<number> {
      return queues.get(queue)?.dead.length ?? 0;
    },

    async redriveDeadLetters(name: string, redriveOptions: { messageId?: string } = {}): Promise<number> {
      if (closed) throw new Error('the in-process bus is closed');
      const queue = queues.get(name);
      if (!queue) return 0;
      const { messageId } = redriveOptions;
      const moving = queue.dead.filter((dead) => messageId === undefined || dead.envelope.messageId === messageId);
      queue.dead = queue.dead.filter((dead) => !moving.includes(dead));
      for (const { envelope } of moving) queue.ready.push({ ...envelope, deliveryCount: 0, failures: 0 });
      if (moving.length > 0) {
        logger.info({ queue: name, messageId, count: moving.length }, 'dead letters redriven');
        schedule(queue);
      }
      return moving.length;
    },
  };
}

function toDeadLetter(queue: string, dead: DeadEnvelope): DeadLetter {
  const message = toMessage(dead.envelope);
  return {
    queue,
    messageId: message.messageId,
    routingKey: message.routingKey,
    body: message.body,
    reason: dead.reason,
    error: dead.error,
    attempts: message.deliveryCount,
    deadAt: dead.deadAt.toISOString(),
  };
}

function toMessage(envelope: Envelope): BusMessage {
  return {
    routingKey: envelope.routingKey,
    messageId: envelope.messageId,
    body: JSON.parse(envelope.payload) as unknown,
    deliveryCount: envelope.deliveryCount,
    headers: JSON.parse(envelope.headers) as Record<string, unknown>,
  };
}
