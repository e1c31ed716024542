/**
 * How far each consumer falls behind during a run: the services' RabbitMQ queues' ready
 * messages, sampled every 250 ms over one channel (a passive declare each). A stage that
 * cannot keep up shows as one queue growing while the others stay empty, which CPU figures
 * alone do not tell.
 */
import { connectAmqp } from './infra.ts';

export interface BacklogWatch {
  /** Stops sampling: the deepest backlog seen per queue (ready messages). */
  stop(): Promise<Map<string, number>>;
}

export async function watchQueues(url: string, queues: readonly string[], intervalMs = 250): Promise<BacklogWatch> {
  const connection = await connectAmqp(url);
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  const deepest = new Map<string, number>(queues.map((queue) => [queue, 0]));
  let sampling: Promise<void> = Promise.resolve();
  const sample = async () => {
    for (const queue of queues) {
      const { messageCount } = await channel.checkQueue(queue);
      deepest.set(queue, Math.max(deepest.get(queue) ?? 0, messageCount));
    }
  };
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await connection.close().catch(() => undefined);
      return deepest;
    },
  };
}

/** e.g. `orders.payment-events 1013, payments.payment-initiated 11` (deepest first), or `none`. */
export function formatBacklog(deepest: Map<string, number>): string {
  const backed = [...deepest].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]);
  return backed.length ? backed.map(([queue, count]) => `${queue} ${count}`).join(', ') : 'none';
}
