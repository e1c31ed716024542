/**
 * A steady stream of students ordering through the BFF the way the phone app does: place the
 * order with an Idempotency-Key, then pay it by card; on a network error, a 5xx, a 429 or an
 * "in progress" 409 the same request is sent again with the same key after a growing pause,
 * until the student gives up. Each order's key is also written into its special instructions
 * (`chaos <phase> <key>`), so the checker can find the rows of one key in the database itself.
 */
import { randomUUID } from 'node:crypto';
import { requestJson, type JsonResponse } from '../../bench/lib/http-client.ts';
import type { OrderableItem } from '../../bench/lib/order-load.ts';

export interface ClientOrder {
  key: string;
  userId: number;
  /** The place request was answered 2xx (the student saw the order). */
  accepted: boolean;
  orderId?: number;
  /** The pay request was answered 2xx. */
  paid: boolean;
  /** Requests sent again after a failure (place and pay). */
  retries: number;
  /** Why the student gave up, when they did. */
  gaveUp?: string;
}

export interface OrderStreamOptions {
  baseUrl: string;
  tokens: readonly { token: string; userId: number }[];
  items: readonly OrderableItem[];
  phase: string;
  rate: number;
  seconds: number;
  /** How long a student keeps retrying one request before giving up. */
  patienceMs: number;
}

export const instructionsFor = (phase: string, key: string) => `chaos ${phase} ${key}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REQUEST_TIMEOUT_MS = 10_000;

/** Answers a phone retries: the server (or the way to it) failed, not the request. */
function retryable(response: JsonResponse): boolean {
  if (response.status >= 500 || response.status === 429) return true;
  const code = (response.body as { error?: { code?: string }; code?: string }).error?.code ?? (response.body as { code?: string }).code;
  return response.status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS';
}

/** Sends the request until it is answered without a retryable failure, or patience runs out. */
async function withRetries(order: ClientOrder, patienceMs: number, send: () => Promise<JsonResponse>): Promise<JsonResponse | string> {
  const giveUpAt = Date.now() + patienceMs;
  let pause = 200;
  let last = '';
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) order.retries++;
    try {
      const response = await send();
      if (!retryable(response)) return response;
      last = `HTTP ${response.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() + pause > giveUpAt) return last;
    await sleep(pause * (0.5 + Math.random()));
    pause = Math.min(pause * 2, 4000);
  }
}

async function oneStudent(options: OrderStreamOptions, order: ClientOrder, token: string): Promise<void> {
  const item = options.items[Math.floor(Math.random() * options.items.length)]!;
  const auth = { authorization: `Bearer ${token}` };
  const placed = await withRetries(order, options.patienceMs, () =>
    requestJson(`${options.baseUrl}/api/orders/`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': order.key },
      body: {
        items: [{ menu_item_id: item.id, quantity: 1, options: item.options }],
        payment_method: 'card',
        special_instructions: instructionsFor(options.phase, order.key),
      },
      timeoutMs: REQUEST_TIMEOUT_MS,
    }),
  );
  if (typeof placed === 'string' || placed.status >= 300) {
    order.gaveUp = typeof placed === 'string' ? `place: ${placed}` : `place: HTTP ${placed.status} ${JSON.stringify(placed.body).slice(0, 120)}`;
    return;
  }
  const body = placed.body as { id: number; total_amount: number };
  order.accepted = true;
  order.orderId = body.id;
  const paid = await withRetries(order, options.patienceMs, () =>
    requestJson(`${options.baseUrl}/api/payments/`, {
      method: 'POST',
      headers: auth,
      body: { order_id: body.id, user_id: order.userId, amount: body.total_amount, payment_method: 'card' },
      timeoutMs: REQUEST_TIMEOUT_MS,
    }),
  );
  if (typeof paid === 'string' || paid.status >= 300) {
    order.gaveUp = typeof paid === 'string' ? `pay: ${paid}` : `pay: HTTP ${paid.status} ${JSON.stringify(paid.body).slice(0, 120)}`;
    return;
  }
  order.paid = true;
}

/** Starts `rate` orders a second for `seconds`, whatever the system answers; resolves when every student is done. */
export async function runOrderStream(options: OrderStreamOptions): Promise<ClientOrder[]> {
  const orders: ClientOrder[] = [];
  const pending: Promise<void>[] = [];
  const total = Math.round(options.rate * options.seconds);
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const customer = options.tokens[i % options.tokens.length]!;
    const order: ClientOrder = { key: randomUUID(), userId: customer.userId, accepted: false, paid: false, retries: 0 };
    orders.push(order);
    pending.push(oneStudent(options, order, customer.token));
  }
  await Promise.all(pending);
  return orders;
}
