/**
 * The second thread of the all-in-one process: the orders service, which writes its database
 * and outbox at every step of every order, and so costs the most CPU per order. It gets a
 * core of its own and talks to the services on the main thread over HTTP (as always) and
 * over the bridged bus. (Payments stay on the main thread: measured with bench/order-loop.ts,
 * that balances the two threads better than moving both.) Started by `orders-thread.ts`;
 * stops when the main thread says so.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bridgeBus, createInProcessBus, createLogger, type BridgePort, type Lifecycle } from '@canteen/service-kit';
import { createOrdersService, loadOrdersConfig } from '@canteen/orders';
import type { ThreadMessage, WorkerData } from './orders-thread.ts';

const { env, busPort } = workerData as WorkerData;
const logger = createLogger('all-in-one', { level: env.LOG_LEVEL });
const tell = (message: ThreadMessage) => parentPort!.postMessage(message);

const retryDelaysMs = loadOrdersConfig(env).BUS_RETRY_DELAYS_MS;
const inProcess = createInProcessBus({ logger: createLogger('bus', { level: env.LOG_LEVEL }), ...(retryDelaysMs ? { retryDelaysMs } : {}) });
const bus = bridgeBus(inProcess, busPort as BridgePort, { logger });
const started: { name: string; lifecycle: Lifecycle }[] = [];

async function stop(): Promise<void> {
  for (const module of started.reverse()) {
    await module.lifecycle.stop().catch((err: unknown) => logger.error({ err, module: module.name }, 'stop failed'));
  }
  await bus.close();
}

parentPort!.on('message', (message: ThreadMessage) => {
  if (message.kind !== 'stop') return;
  void stop().then(() => tell({ kind: 'stopped' }));
});

try {
  const modules = [{ name: 'orders', make: () => createOrdersService(loadOrdersConfig(env), { bus }) }];
  for (const module of modules) {
    const lifecycle = await module.make();
    await lifecycle.start();
    started.push({ name: module.name, lifecycle });
  }
  tell({ kind: 'started' });
} catch (err) {
  await stop();
  tell({ kind: 'failed', message: err instanceof Error ? err.message : String(err), configError: err instanceof Error && err.name === 'ConfigError' });
}
