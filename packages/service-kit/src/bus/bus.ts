import type { DeadLetter } from './failure.ts';

/**
 * The event bus port. Two adapters implement it (RabbitMQ and in-process) and both pass
 * the same contract suite, so a service cannot tell which one it runs on.
 *
 * Semantics both adapters keep:
 * - publish() resolves only once the message is safely with the bus (publisher confirm);
 * - a handler that resolves acks the message. One that throws is judged by `classifyFailure`:
 *   a poison message (`retryable: false`, a schema error) goes to `<queue>.dead` at once; any
 *   other failure is retried after each of `retryDelaysMs` (minutes in all) and only then
 *   dead-lettered. Other messages flow meanwhile. Dead letters keep their last error and can
 *   be listed and redriven (moved back to their queue);
 * - `maxDeliveries` bounds deliveries that end with no answer at all (a consumer that crashes
 *   on a message every time): the broker dead-letters after that many;
 * - delivery is at-least-once: handlers must be idempotent (inbox or guarded state change).
 */
export interface BusMessage<T = unknown> {
  routingKey: string;
  /** The event id; also the AMQP messageId. */
  messageId: string;
  body: T;
  /** 1 on the first delivery, 2 on the first retry or redelivery, … */
  deliveryCount: number;
  headers: Record<string, unknown>;
}

export type MessageHandler = (message: BusMessage) => Promise<void>;

export interface PublishOptions {
  messageId: string;
  headers?: Record<string, unknown>;
}

export interface SubscribeOptions {
  /** Durable queue name, e.g. `orders.payment-events`. Its dead letters go to `<queue>.dead`. */
  queue: string;
  /** Topic patterns bound on the exchange, e.g. `payment.*`. */
  routingKeys: string[];
  handler: MessageHandler;
  /** Messages in flight at once for this consumer. */
  prefetch?: number;
  /** Deliveries without an answer (crashes) before the broker dead-letters; defaults to the bus's setting. */
  maxDeliveries?: number;
  /** Pauses before each retry of a transient failure; defaults to the bus's setting. */
  retryDelaysMs?: readonly number[];
  /**
   * Every instance gets every message (a broadcast of state each keeps in memory), instead of
   * the replicas sharing the work. `queue` must then be unique to the instance: on RabbitMQ it
   * is a classic queue of this connection only (exclusive, not durable), gone with it, so no
   * queue is left behind by a replica that stopped; no retries and no dead letters (a failed
   * message is logged and dropped; what the instance keeps is reloaded at its next start).
   */
  perInstance?: boolean;
  /**
   * With `perInstance`: called each time the instance's queue is made again after the first (a
   * reconnect, a replaced channel). What was published meanwhile went with the old queue:
   * reload here what the instance keeps from those messages. The in-process bus never loses a
   * subscriber and never calls it.
   */
  onResumed?: () => void;
  /**
   * With `perInstance`: the shared durable queue (of a version before per-instance queues) that
   * this subscription takes the place of. On RabbitMQ it is deleted with its dead-letter and
   * retry queues when the subscription starts, unless a consumer still uses it (an older
   * replica during a rolling upgrade: the next start deletes it); a missing one is fine.
   */
  replaces?: string;
}

export interface Subscription {
  cancel(): Promise<void>;
}

export interface BusHealth {
  ok: boolean;
  detail?: string;
}

export interface EventBus {
  readonly kind: 'amqp' | 'in-process';
  publish(routingKey: string, body: unknown, options: PublishOptions): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  health(): BusHealth;
  close(): Promise<void>;
  /** Up to `limit` (default 100) dead letters of `queue`, oldest first; they stay where they are. */
  listDeadLetters(queue: string, options?: { limit?: number }): Promise<DeadLetter[]>;
  /** How many dead letters `queue` holds. */
  countDeadLetters(queue: string): Promise<number>;
  /**
   * Moves dead letters back to `queue` (only that queue, with their original routing key and
   * a fresh set of retries): the one with `messageId`, or all. Resolves with how many moved.
   */
  redriveDeadLetters(queue: string, options?: { messageId?: string }): Promise<number>;
}

export const EXCHANGE = 'canteen.orders';
export const DEAD_LETTER_EXCHANGE = 'canteen.dlx';
export const DEFAULT_MAX_DELIVERIES = 5;
