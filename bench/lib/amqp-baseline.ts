/**
 * The machine's limit for what our event flow does per message: plain amqplib against the
 * real RabbitMQ, persistent messages on a fresh durable quorum queue, publisher confirms, a
 * consumer that acks. No services, no outbox, no database: what the broker and a Node client
 * can do here at best.
 */
import { randomUUID } from 'node:crypto';
import { connectAmqp, type AmqpMessage } from './infra.ts';
import { summarize, type Summary } from './stats.ts';

export interface AmqpBaseline {
  /** Messages per second published (confirmed) and consumed (acked), end to end. */
  roundTripRate: number;
  window: number;
  seconds: number;
  messages: number;
  payloadBytes: number;
  /** TCP_NODELAY on the connection (amqplib's default is off). */
  noDelay: boolean;
  /** Publish → delivered to the consumer, one message at a time. */
  latency: Summary;
  latencyMessages: number;
}

const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

export async function measureAmqpBaseline(
  url: string,
  options: { seconds?: number; window?: number; latencyMessages?: number; payloadBytes?: number; noDelay?: boolean } = {},
): Promise<AmqpBaseline> {
  const seconds = options.seconds ?? 5;
  const window = options.window ?? 64;
  const latencyMessages = options.latencyMessages ?? 500;
  const payloadBytes = options.payloadBytes ?? 600; // about one order event with two items
  const payload = Buffer.alloc(payloadBytes, 'x');
  const queue = `bench.order-loop.baseline.${randomUUID().slice(0, 8)}`;

  const connection = await connectAmqp(url, { noDelay: options.noDelay ?? true });
  try {
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    await publisher.assertQueue(queue, QUORUM);
    await consumer.prefetch(window * 4);

    // Every delivery goes to whoever waits for it (latency) or is just counted (throughput).
    let received = 0;
    let onDelivery: ((message: AmqpMessage) => void) | undefined;
    const { consumerTag } = await consumer.consume(queue, (message) => {
      if (!message) return;
      consumer.ack(message);
      received++;
      onDelivery?.(message);
    });

    // 1. Throughput: keep `window` publishes unconfirmed and at most 16 windows unconsumed.
    const rate = seconds <= 0 ? { rate: NaN, messages: 0 } : await new Promise<{ rate: number; messages: number }>((resolve, reject) => {
      let published = 0;
      let unconfirmed = 0;
      let failed: unknown;
      let stopped = false;
      let measuredFrom = 0;
      let receivedAtStart = 0;
      const pump = () => {
        while (!stopped && unconfirmed < window && published - received < window * 16) {
          unconfirmed++;
          published++;
          publisher.sendToQueue(queue, payload, { persistent: true }, (err) => {
            unconfirmed--;
            if (err) failed ??= err;
            pump();
          });
        }
      };
      onDelivery = () => {
        if (!stopped) pump();
      };
      // Half a second to fill the pipe, then the measured seconds.
      setTimeout(() => {
        measuredFrom = performance.now();
        receivedAtStart = received;
      }, 500);
      setTimeout(() => {
        stopped = true;
        const elapsed = (performance.now() - measuredFrom) / 1000;
        const messages = received - receivedAtStart;
        if (failed) reject(new Error(`a publish was nacked: ${String(failed)}`));
        else resolve({ rate: messages / elapsed, messages });
      }, 500 + seconds * 1000);
      pump();
    });
    await publisher.waitForConfirms();
    // Let the backlog drain before timing single messages (bounded).
    const drainUntil = Date.now() + 10_000;
    while (Date.now() < drainUntil) {
      const before = received;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (received === before) break;
    }

    // 2. Latency: one message at a time, publish → delivery.
    const latencies: number[] = [];
    const latencyDeadline = Date.now() + 30_000;
    for (let i = 0; i < latencyMessages && Date.now() < latencyDeadline; i++) {
      const messageId = `latency-${i}`;
      const sentAt = performance.now();
      const delivered = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a message took over 5 s to arrive')), 5000);
        onDelivery = (message) => {
          if (message.properties.messageId !== messageId) return;
          clearTimeout(timer);
          resolve(performance.now());
        };
      });
      const confirmed = new Promise<void>((resolve, reject) => {
        publisher.sendToQueue(queue, payload, { persistent: true, messageId }, (err) => (err ? reject(err) : resolve()));
      });
      const [arrivedAt] = await Promise.all([delivered, confirmed]);
      latencies.push(arrivedAt - sentAt);
    }
    onDelivery = undefined;

    await consumer.cancel(consumerTag);
    await consumer.close();
    await publisher.close();
    return {
      roundTripRate: rate.rate,
      window,
      seconds,
      noDelay: options.noDelay ?? true,
      messages: rate.messages,
      payloadBytes,
      latency: summarize(latencies),
      latencyMessages: latencies.length,
    };
  } finally {
    // Also on failure: the queue is ours alone and must not outlive the run.
    const cleaner = await connection.createChannel().catch(() => undefined);
    cleaner?.on('error', () => undefined);
    await cleaner?.deleteQueue(queue).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
