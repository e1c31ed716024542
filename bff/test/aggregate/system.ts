import type { Order } from '@canteen/contracts';
import { silentLogger } from '@canteen/service-kit';
import { steadyClock } from '@canteen/service-kit/testing';
import { createQueueService, loadQueueConfig, type QueueService } from '../../../services/queue/src/service.ts';
import { createMemoryQueueStore } from '../../../services/queue/src/store/memory.queue-store.ts';
import {
  client,
  eventually,
  item,
  line,
  placeOrder,
  startLoop,
  type Call,
  type Loop,
} from '../../../services/orders/test/http/helpers.ts';
import { createBffService, loadBffConfig, type BffService } from '../../src/service.ts';

export { client, eventually, expectError, item, line, placeOrder, tokensFor, USERS } from '../../../services/orders/test/http/helpers.ts';
export type { ApiResponse, Call, Tokens } from '../../../services/orders/test/http/helpers.ts';

export interface RunningBff {
  url: string;
  service: BffService;
  call: Call;
  stop(): Promise<void>;
}

/** The BFF on port 0; `env` overrides the service URLs, the key and the limits. */
export async function startBffWith(env: Record<string, string>): Promise<RunningBff> {
  const service = createBffService(loadBffConfig({ BFF_PORT: '0', LOG_LEVEL: 'silent', ...env }), { logger: silentLogger() });
  const server = await service.start();
  return { url: server.url, service, call: client(server.url), stop: () => service.stop() };
}

export interface System {
  loop: Loop;
  queue: { url: string; service: QueueService };
  bff: RunningBff;
  /** The service URLs and key as the BFF got them, for a second BFF in front of the same system. */
  bffEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * All-in-one as the launcher builds it: menu (demo seed), payments, orders and queue on one
 * in-process bus, each on port 0, with the BFF in front. The users service is not needed by
 * the aggregate routes: tokens are signed by the test with the key the services trust.
 * Orders, payments and the queue share one clock that starts at noon in the canteen's time
 * zone: queue numbers and "today's" figures never see a midnight while a test runs.
 */
export async function startSystem(bffEnv: Record<string, string> = {}, loopOptions: Parameters<typeof startLoop>[0] = {}): Promise<System> {
  const clock = steadyClock();
  const loop = await startLoop({ now: clock.date, ...loopOptions });
  const queueService = await createQueueService(
    loadQueueConfig({ QUEUE_PORT: '0', JWT_PUBLIC_KEY: loop.keys.publicKey, LOG_LEVEL: 'silent' }),
    // In memory: nothing of a test run is left on disk.
    { bus: loop.bus, ordersUrl: loop.orders.url, logger: silentLogger(), now: clock.now, store: createMemoryQueueStore() },
  );
  const queue = { url: (await queueService.start()).url, service: queueService };
  const env = {
    JWT_PUBLIC_KEY: loop.keys.publicKey,
    MENU_SERVICE_URL: loop.menu.url,
    ORDERS_SERVICE_URL: loop.orders.url,
    PAYMENTS_SERVICE_URL: loop.payments.url,
    QUEUE_SERVICE_URL: queue.url,
    // Nothing here calls the users service; any URL will do.
    USERS_SERVICE_URL: 'http://127.0.0.1:9',
    ...bffEnv,
  };
  const bff = await startBffWith(env);
  return {
    loop,
    queue,
    bff,
    bffEnv: env,
    async stop() {
      await bff.stop();
      await queue.service.stop();
      await loop.stop();
    },
  };
}

/** Places an order through the BFF (mock payment) and waits until the payment confirmed it. */
export async function placeConfirmed(system: System, token: string, lines: ReturnType<typeof line>[]): Promise<Order> {
  const placed = await placeOrder(system.bff.call, token, { items: lines });
  return eventually(async () => {
    const res = await system.bff.call<Order>('GET', `/api/orders/${placed.id}`, { token });
    if (res.status !== 200 || res.body.status !== 'confirmed') throw new Error(`order ${placed.id} not confirmed yet: ${res.status} ${res.text}`);
    return res.body;
  });
}

/** Waits until the queue service has taken the order in (it hears of it from the bus). */
export function queued(system: System, orderId: number): Promise<void> {
  return eventually(async () => {
    const res = await client(system.queue.url)('GET', `/api/queue/order/${orderId}`, { token: system.loop.tokens.staff });
    if (res.status !== 200) throw new Error(`order ${orderId} not in the queue yet: ${res.status} ${res.text}`);
  });
}

/** A demo item as an order line. */
export const dish = (system: System, name: string, quantity = 1) => line(item(system.loop, name), quantity);
