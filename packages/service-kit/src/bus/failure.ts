/**
 * What a failed handler means for its message. A *transient* failure (a store or service
 * unreachable, a timeout, a deadlock, a lost connection) may pass: the message is retried
 * with growing delays. A *poison* message cannot succeed however often it is tried (it breaks
 * its contract, it describes something impossible): it goes to the dead letters at once, so
 * it neither burns the retries nor hides among them.
 *
 * Anything not known to be poison is retried: a wrong guess costs a few minutes of retries
 * before the message is dead-lettered anyway, while calling a passing outage poison would
 * dead-letter a whole backlog in milliseconds (issue 16).
 */
export type FailureKind = 'poison' | 'transient';

/** Thrown by a handler for a message no retry can fix. Any error with `retryable: false` counts the same. */
export class PoisonMessageError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

export function classifyFailure(err: unknown): FailureKind {
  if (typeof err !== 'object' || err === null) return 'transient';
  // Duck-typed, so a service's own error class (payments' InvalidEventError) needs no kit import.
  if ((err as { retryable?: unknown }).retryable === false) return 'poison';
  // A body that fails its zod schema fails it on every delivery.
  if ((err as { name?: unknown }).name === 'ZodError') return 'poison';
  return 'transient';
}

const MAX_ERROR_LENGTH = 1_000;

/** The error as it travels with a retried or dead-lettered message: one short line. */
export function describeFailure(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH)}…` : line;
}

/**
 * Delays before each retry of a transiently failing message: about ten minutes in all, so a
 * database restart or a broker failover is waited out before anything is dead-lettered.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 15_000, 30_000, 60_000, 120_000, 120_000, 120_000, 120_000];

/** The pause before retry number `failures` (1 = the first retry), or undefined when the retries are spent. */
export function retryDelay(delaysMs: readonly number[], failures: number): number | undefined {
  return delaysMs[failures - 1];
}

export function checkRetryDelays(delaysMs: readonly number[], what: string): number[] {
  if (!Array.isArray(delaysMs) || delaysMs.some((ms) => !Number.isInteger(ms) || ms < 1)) {
    throw new RangeError(`${what}: retry delays must be positive whole milliseconds`);
  }
  return [...delaysMs];
}

/** Why a message ended in the dead letters. */
export type DeadLetterReason = 'poison' | 'retries-exhausted' | 'malformed' | 'delivery-limit';

/** A dead letter as the admin API and the command show it. */
export interface DeadLetter {
  /** The queue it failed on; redrive puts it back there. */
  queue: string;
  messageId: string;
  /** The routing key it was originally published with. */
  routingKey: string;
  /** The body, parsed when it is JSON, else the raw text. */
  body: unknown;
  reason: DeadLetterReason;
  /** The last handler error, as `Name: message`. */
  error: string;
  /** Deliveries it had before it was dead-lettered. */
  attempts: number;
  /** ISO time it was dead-lettered, when known. */
  deadAt?: string;
}
