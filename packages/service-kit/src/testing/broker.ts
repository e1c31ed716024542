import amqplib, { type Channel } from 'amqplib';
import { queueFamily } from '../bus/shared.ts';

/** Plain amqplib for what the bus port does not do in tests: look for and delete queues and exchanges. */
export async function withAmqpChannel<T>(amqpUrl: string, fn: (channel: Channel) => Promise<T>): Promise<T> {
  const connection = await amqplib.connect(amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await fn(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Whether the broker has `queue` (a missing one closes the channel with 404: each check gets its own). */
export function queueExists(amqpUrl: string, queue: string): Promise<boolean> {
  return withAmqpChannel(amqpUrl, (channel) =>
    channel.checkQueue(queue).then(
      () => true,
      () => false,
    ),
  );
}

/** Deletes each queue, its `.dead` twin and its retry queues (missing ones are fine); an exchange too when given. */
export async function deleteQueues(amqpUrl: string, queues: readonly string[], exchange?: string): Promise<void> {
  await withAmqpChannel(amqpUrl, async (channel) => {
    for (const queue of queues.flatMap((q) => queueFamily(q))) await channel.deleteQueue(queue);
    if (exchange) await channel.deleteExchange(exchange);
  });
}
