import { describeZodError, type BusMessage, type Logger } from '@canteen/service-kit';
import type { ZodType } from 'zod';

/**
 * A message no retry can fix (it breaks its contract). The handler throws it: the kit's bus
 * redelivers up to `maxDeliveries` and then dead-letters it to `<queue>.dead`, where an
 * operator finds it. It never acks, so nothing is silently lost.
 */
export class InvalidEventError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export function parseEvent<T>(schema: ZodType<T>, message: BusMessage, logger: Logger): T {
  const result = schema.safeParse(message.body);
  if (result.success) return result.data;
  const issues = describeZodError(result.error);
  logger.error(
    { messageId: message.messageId, routingKey: message.routingKey, deliveryCount: message.deliveryCount, issues },
    'event breaks its contract; rejecting it towards the dead letters',
  );
  throw new InvalidEventError(`${message.routingKey} ${message.messageId} breaks its contract`, issues);
}
