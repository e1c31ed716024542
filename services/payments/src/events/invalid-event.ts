import { describeZodError, PoisonMessageError, type BusMessage, type Logger } from '@canteen/service-kit';
import type { ZodType } from 'zod';

/**
 * A message no retry can fix (it breaks its contract). The handler throws it: `retryable:
 * false` makes the kit's bus dead-letter it to `<queue>.dead` at once, with this error, where
 * an operator finds it and can redrive it once the cause is fixed. Nothing is silently lost.
 */
export class InvalidEventError extends PoisonMessageError {
  constructor(message: string, details?: unknown) {
    super(message, details);
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
