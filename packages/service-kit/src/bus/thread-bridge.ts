import type { Logger } from '../logging/logger.ts';
import type { BusHealth, EventBus, PublishOptions, SubscribeOptions, Subscription } from './bus.ts';
import { errorMessage, withTimeout } from './shared.ts';

/** The part of a worker_threads MessagePort the bridge uses. */
export interface BridgePort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

type BridgeMessage =
  | { kind: 'publish'; id: number; routingKey: string; body: unknown; options: PublishOptions }
  | { kind: 'confirm'; id: number; error?: string };

export interface ThreadBridgeOptions {
  logger: Logger;
  /** How long a publish waits for the other thread to take the message. */
  confirmTimeoutMs?: number;
}

/**
 * One exchange over two threads of the all-in-one process. Each thread keeps its own
 * in-process bus, holding the queues of the services that run on it; the bridge gives a
 * thread's services a bus whose publish reaches both: this thread's queues directly, the
 * other thread's through the port. A publish resolves once both buses took the message (the
 * other thread confirms), so the outbox marks a row sent only when every queue has it, as a
 * broker's publisher confirm would. Messages that came over the port are not sent back.
 */
export function bridgeBus(local: EventBus, port: BridgePort, options: ThreadBridgeOptions): EventBus {
  const logger = options.logger.child({ component: 'bus-bridge' });
  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let nextId = 1;
  let closed = false;

  const onMessage = (raw: unknown) => {
    const message = raw as BridgeMessage;
    if (message.kind === 'confirm') {
      const waiter = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(`the other thread's bus refused the message: ${message.error}`));
      return;
    }
    if (message.kind !== 'publish') return;
    const reply = (error?: string) => port.postMessage({ kind: 'confirm', id: message.id, ...(error === undefined ? {} : { error }) });
    if (closed) return reply('closed');
    local.publish(message.routingKey, message.body, message.options).then(
      () => reply(),
      (err: unknown) => {
        logger.warn({ err, routingKey: message.routingKey, messageId: message.options.messageId }, 'a bridged message was refused');
        reply(errorMessage(err));
      },
    );
  };
  port.on('message', onMessage);

  return {
    kind: 'in-process',

    async publish(routingKey: string, body: unknown, publishOptions: PublishOptions): Promise<void> {
      if (closed) throw new Error('the bridged bus is closed');
      // The local bus checks the routing key, the id and that the body is JSON before it crosses.
      await local.publish(routingKey, body, publishOptions);
      const id = nextId++;
      const confirmed = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
      port.postMessage({ kind: 'publish', id, routingKey, body, options: publishOptions } satisfies BridgeMessage);
      try {
        await withTimeout(confirmed, confirmTimeoutMs, `the other thread did not confirm ${routingKey} within ${confirmTimeoutMs} ms`);
      } finally {
        waiting.delete(id);
      }
    },

    subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      return local.subscribe(subscribeOptions);
    },

    // Dead letters stay with the queues of the thread that consumes them.
    listDeadLetters: (queue, listOptions) => local.listDeadLetters(queue, listOptions),
    countDeadLetters: (queue) => local.countDeadLetters(queue),
    redriveDeadLetters: (queue, redriveOptions) => local.redriveDeadLetters(queue, redriveOptions),

    health(): BusHealth {
      return closed ? { ok: false, detail: 'closed' } : local.health();
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      port.off('message', onMessage);
      for (const waiter of waiting.values()) waiter.reject(new Error('the bridged bus is closed'));
      waiting.clear();
      await local.close();
    },
  };
}
