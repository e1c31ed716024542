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
import { checkPublish, encodeJson, InFlight, resolveSubscription } from './shared.ts';
import { topicMatches } from './topic.ts';

export interface InProcessBusOptions {
  logger: Logger;
  /** Default deliveries before a failing message is dead-lettered. */
  maxDeliveries?: number;
  /**
   * Pause before a failed message goes back to the end of its queue, so a handler failing on
   * a passing cause (a locked database) does not burn all its deliveries in a millisecond.
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
}

interface Consumer {
  handler: MessageHandler;
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
  dead: Envelope[];
  dispatchScheduled: boolean;
}

/**
 * The bus of the all-in-one process. It keeps RabbitMQ's semantics so code that works here
 * works on the broker: queues and their bindings outlive their consumers (like durable
 * queues), a message published to a routing key no queue is bound to yet is dropped (as a
 * topic exchange drops it), competing consumers on one queue share its messages, a failing
 * message is redelivered up to `maxDeliveries` times and then dead-lettered. Nothing
 * survives the process: durability is what the services' outboxes are for.
 */
export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const logger = options.logger.child({ component: 'bus', bus: 'in-process' });
  const defaultMaxDeliveries = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
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
          if (envelope.deliveryCount >= queue.maxDeliveries) {
            log.error({ err, deliveryCount: envelope.deliveryCount }, 'handler failed for the last time; dead-lettered');
            queue.dead.push(envelope);
          } else {
            log.warn({ err, deliveryCount: envelope.deliveryCount }, 'handler failed; message will be redelivered');
            requeueLater(queue, envelope);
          }
        },
      )
      .finally(() => {
        consumer.inFlight -= 1;
        schedule(queue);
      });
    consumer.running.track(work);
    everything.track(work);
  }

  function requeueLater(queue: Queue, envelope: Envelope): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      // At the back, so one poison message cannot starve the others.
      queue.ready.push(envelope);
      schedule(queue);
    }, redeliveryDelayMs);
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
        queue.ready.push({ routingKey, messageId: publishOptions.messageId, payload, headers, deliveryCount: 0 });
        schedule(queue);
        routed += 1;
      }
      if (routed === 0) logger.debug({ routingKey, messageId: publishOptions.messageId }, 'no queue bound; message dropped');
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error('the in-process bus is closed');
      const resolved = resolveSubscription(subscribeOptions, defaultMaxDeliveries);
      const queue = declare(resolved.queue, resolved.routingKeys, resolved.maxDeliveries);
      const consumer: Consumer = {
        handler: subscribeOptions.handler,
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
      return (queues.get(queue)?.dead ?? []).map(toMessage);
    },
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
