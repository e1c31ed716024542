import https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import webpush from 'web-push';
import type { Logger, PushEndpointPolicy } from '@canteen/service-kit';
import { notificationFor, payloadBytes, type OrderPushEvent, type PushPayload } from './notification.ts';
import type { VapidDetails } from './vapid.ts';

/** A browser subscription as the users service keeps it. */
export interface PushTarget {
  endpoint: string;
  /** Milliseconds since the epoch, or null when the browser gave none. */
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** Where subscriptions live (the users service); the sender only reads them and drops dead ones. */
export interface PushSubscriptionSource {
  list(userId: number): Promise<PushTarget[]>;
  remove(endpoint: string): Promise<void>;
}

/**
 * 20 minutes. A "your food is ready" that arrives after the food went cold is worse than
 * none, so the push service may drop it once a phone has been offline that long.
 */
export const PUSH_TTL_SECONDS = 1200;

export interface PushSenderOptions {
  vapid: VapidDetails;
  logger: Logger;
  subscriptions: PushSubscriptionSource;
  /** Which endpoints may be called: a real push service's host, never a private address. */
  endpoints: PushEndpointPolicy;
  /** For tests: a certificate authority to trust besides the system's (a local push service). */
  ca?: string | Buffer;
  /** Retries after the first attempt, for 429, 5xx and network errors. */
  maxRetries?: number;
  /** First backoff step; it doubles per retry (with jitter) unless the push service says Retry-After. */
  retryBaseMs?: number;
  /** Upper bound of any one wait, Retry-After included. */
  maxRetryDelayMs?: number;
  /** Per request to a push service. */
  requestTimeoutMs?: number;
  /** Epoch milliseconds. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What happened to one subscription. */
export type DeliveryOutcome =
  | 'delivered'
  /** The push service said 404/410 (or the subscription had expired): it was deleted. */
  | 'removed'
  /**
   * A 4xx no retry can fix (bad VAPID, too large…), a subscription we cannot encrypt for, or
   * an endpoint that is not a push service's (refused before any request is made).
   */
  | 'dropped'
  /** Still 429/5xx/unreachable after the last retry. */
  | 'failed';

export interface NotifyResult {
  /** Undefined when the event is not one the customer hears about. */
  payload: PushPayload | undefined;
  outcomes: Record<DeliveryOutcome, number>;
}

export interface PushSender {
  notifyOrder(event: OrderPushEvent): Promise<NotifyResult>;
}

/** One statusCode-carrying failure from web-push (a `WebPushError`). */
interface PushServiceError {
  statusCode: number;
  headers?: Record<string, string | string[] | undefined>;
}

const isPushServiceError = (err: unknown): err is PushServiceError =>
  typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number';

/** A socket-level failure (refused, reset, TLS, DNS, the request timeout): worth another try. */
const isNetworkError = (err: unknown): boolean =>
  err instanceof Error && (typeof (err as NodeJS.ErrnoException).code === 'string' || err.message === 'Socket timeout');

/** The error code of the endpoint policy's lookup when a name resolves to a private address. */
const PRIVATE_ADDRESS = 'EPRIVATEADDRESS';

/** The push service's origin, never the endpoint: its path is a capability for the subscriber. */
const originOf = (endpoint: string): string => {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '(invalid endpoint)';
  }
};

/**
 * Sends the order notifications of RFC 8030/8291/8292 through web-push: high urgency, a
 * short TTL and one topic per order, so a newer notice about an order replaces an older one
 * still waiting at the push service. Each of the user's subscriptions is served in parallel
 * and on its own: one dead or slow browser does not hold back the others.
 */
export function createPushSender(options: PushSenderOptions): PushSender {
  const logger = options.logger.child({ component: 'push-sender' });
  const maxRetries = options.maxRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const agent = new https.Agent({ lookup: options.endpoints.lookup, ...(options.ca ? { ca: options.ca } : {}) });

  function retryDelay(retry: number, err: unknown): number {
    const retryAfter = isPushServiceError(err) ? header(err.headers, 'retry-after') : undefined;
    const asked = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now());
    if (asked !== undefined) return Math.min(asked, maxRetryDelayMs);
    const step = Math.min(retryBaseMs * 2 ** retry, maxRetryDelayMs);
    // Half fixed, half random: subscriptions failing together do not come back together.
    return Math.round(step / 2 + (Math.random() * step) / 2);
  }

  async function removeSubscription(target: PushTarget, log: Logger, why: string): Promise<void> {
    try {
      await options.subscriptions.remove(target.endpoint);
      log.info({ why }, 'push subscription removed');
    } catch (err) {
      // The next notification meets the same 404/410 and tries again.
      log.warn({ err, why }, 'could not remove a dead push subscription');
    }
  }

  async function deliver(target: PushTarget, body: string, topic: string, log: Logger): Promise<DeliveryOutcome> {
    if (typeof target.expirationTime === 'number' && target.expirationTime <= now()) {
      await removeSubscription(target, log, 'expired');
      return 'removed';
    }
    // Subscriptions saved before endpoints were checked, or a name that now resolves to a
    // private address (checked at connect time by the agent's lookup): never called, dropped.
    const refusal = options.endpoints.refusal(target.endpoint);
    if (refusal) {
      await removeSubscription(target, log, `endpoint refused: ${refusal}`);
      return 'dropped';
    }
    const subscription = { endpoint: target.endpoint, keys: target.keys };
    for (let attempt = 0; ; attempt++) {
      try {
        await webpush.sendNotification(subscription, body, {
          vapidDetails: options.vapid,
          TTL: PUSH_TTL_SECONDS,
          urgency: 'high',
          topic,
          timeout: requestTimeoutMs,
          agent,
        });
        return 'delivered';
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === PRIVATE_ADDRESS) {
          await removeSubscription(target, log, 'endpoint resolves to a private address');
          return 'dropped';
        }
        const status = isPushServiceError(err) ? err.statusCode : undefined;
        if (status === 404 || status === 410) {
          await removeSubscription(target, log, `push service answered ${status}`);
          return 'removed';
        }
        const transient = status === undefined ? isNetworkError(err) : status === 429 || status >= 500;
        if (!transient) {
          log.warn({ status, err: status === undefined ? err : undefined }, 'push not accepted; not retrying');
          return 'dropped';
        }
        if (attempt >= maxRetries) {
          log.warn({ status, attempts: attempt + 1, err: status === undefined ? err : undefined }, 'push failed; giving up');
          return 'failed';
        }
        const wait = retryDelay(attempt, err);
        log.debug({ status, attempt: attempt + 1, waitMs: wait }, 'push failed; retrying');
        await sleep(wait);
      }
    }
  }

  return {
    async notifyOrder(event) {
      const outcomes: Record<DeliveryOutcome, number> = { delivered: 0, removed: 0, dropped: 0, failed: 0 };
      const payload = notificationFor(event);
      if (!payload) return { payload, outcomes };
      const body = JSON.stringify(payload);
      if (payloadBytes(payload) > 1024) throw new Error(`push payload of order ${event.order_id} is over 1 KB`);
      // A subscription source that fails throws here, so the event is redelivered.
      const targets = await options.subscriptions.list(event.user_id);
      const topic = `order-${event.order_id}`;
      const results = await Promise.all(
        targets.map((target) =>
          deliver(target, body, topic, logger.child({ orderId: event.order_id, type: payload.type, pushService: originOf(target.endpoint) })),
        ),
      );
      for (const outcome of results) outcomes[outcome] += 1;
      if (targets.length > 0) logger.info({ orderId: event.order_id, type: payload.type, ...outcomes }, 'order push sent');
      return { payload, outcomes };
    },
  };
}

function header(headers: PushServiceError['headers'], name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
