/**
 * The event bus port. Two adapters implement it (RabbitMQ and in-process) and both pass
 * the same contract suite, so a service cannot tell which one it runs on.
 *
 * Semantics both adapters keep:
 * - publish() resolves only once the message is safely with the bus (publisher confirm);
 * - a handler that resolves acks the message; one that throws has it redelivered, and after
 *   `maxDeliveries` attempts it is dead-lettered to `<queue>.dead` while other messages flow;
 * - delivery is at-least-once: handlers must be idempotent (inbox or guarded state change).
 */
export interface BusMessage<T = unknown> {
  routingKey: string;
  /** The event id; also the AMQP messageId. */
  messageId: string;
  body: T;
  /** 1 on the first delivery, 2 on the first redelivery, … */
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
  /** Deliveries before a failing message is dead-lettered; defaults to the bus's setting. */
  maxDeliveries?: number;
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
}

export const EXCHANGE = 'canteen.orders';
export const DEAD_LETTER_EXCHANGE = 'canteen.dlx';
export const DEFAULT_MAX_DELIVERIES = 5;
