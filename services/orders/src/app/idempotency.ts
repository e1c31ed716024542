import { createHash } from 'node:crypto';
import { AppError, badRequest } from '@canteen/service-kit';
import type { IdempotencyKey } from '../store/order.store.ts';
import type { OrdersDeps } from './deps.ts';

export interface Outcome {
  status: number;
  body: unknown;
  replayed?: boolean;
  /** The work stored this outcome as the key's result itself, in its own transaction. */
  keyFinished?: boolean;
}

const KEY = /^[\x21-\x7e]{1,255}$/;
// A request that claimed a key and then died leaves it `running`; after this it may be retried.
const STALE_AFTER_MS = 60_000;

/** The key of `userId`'s request to `scope`; 400 when the header is not a usable key. */
export function idempotencyKeyOf(userId: number, scope: string, key: string): IdempotencyKey {
  if (!KEY.test(key)) throw badRequest('Idempotency-Key must be 1 to 255 printable ASCII characters');
  return { userId, scope, key };
}

/**
 * What a key remembers of its request, to tell a retry from another request: the request as
 * parsed (defaults filled in, unknown fields dropped, text trimmed), written with its keys
 * sorted. A client that sends the same JSON with its keys in another order, or spelled with
 * other white space, is retrying, not asking for something else.
 */
export const requestHashOf = (request: unknown): string => createHash('sha256').update(canonicalJson(request ?? null)).digest('hex');

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/**
 * `Idempotency-Key`: the same key from the same user returns the first result and never runs
 * the work twice — a phone on flaky Wi-Fi can resend "place order" safely. The same key with
 * another body is 422; while the first request still runs, 409. Errors on our side (5xx)
 * release the key so the retry can succeed; a 4xx is a result like any other.
 */
export async function idempotent(
  deps: OrdersDeps,
  userId: number,
  scope: string,
  key: string | undefined,
  /** The request as parsed: its hash tells a retry from another request. */
  request: unknown,
  /** Gets the claimed key (none without a header) so it may finish it in its own transaction. */
  work: (claimed?: IdempotencyKey) => Promise<Outcome>,
): Promise<Outcome> {
  if (key === undefined) return work();
  const id = idempotencyKeyOf(userId, scope, key);
  const begun = await deps.store.beginIdempotent(id, requestHashOf(request), deps.now(), STALE_AFTER_MS);
  if (begun.state === 'done') return { status: begun.status, body: begun.body, replayed: true };
  if (begun.state === 'running') {
    throw new AppError(409, 'IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being handled');
  }
  if (begun.state === 'mismatch') {
    throw new AppError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
  }
  try {
    const outcome = await work(id);
    if (!outcome.keyFinished) await deps.store.finishIdempotent(id, outcome.status, outcome.body, deps.now());
    return outcome;
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      const body = { error: { code: err.code, message: err.message, details: err.details }, message: err.message };
      await deps.store.finishIdempotent(id, err.status, body, deps.now());
    } else {
      await deps.store.abandonIdempotent(id);
    }
    throw err;
  }
}
