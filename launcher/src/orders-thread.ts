/**
 * The main thread's handle on the orders thread (`orders.thread.ts`): starts it with
 * the environment and one end of the bus bridge, and stops it in order. The thread's code is
 * TypeScript run by tsx, whose loader a worker does not inherit: the worker registers it first.
 */
import { Worker, type MessagePort } from 'node:worker_threads';
import type { Lifecycle, Logger } from '@canteen/service-kit';

export interface WorkerData {
  env: NodeJS.ProcessEnv;
  busPort: MessagePort;
}

export type ThreadMessage =
  | { kind: 'stop' }
  | { kind: 'started' }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string; configError: boolean };

const STOP_TIMEOUT_MS = 15_000;

/** The URL of tsx's loader API, or undefined when this process does not run under tsx. */
export function tsxLoader(): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}

/** `onExit` hears of a thread that ended without being asked to stop (a crash). */
export function ordersThread(
  env: NodeJS.ProcessEnv,
  busPort: MessagePort,
  loader: string,
  logger: Logger,
  onExit: (code: number) => void,
  entry = new URL('./orders.thread.ts', import.meta.url).href,
): Lifecycle {
  let worker: Worker | undefined;
  let exited: Promise<number> | undefined;
  let stopping = false;

  const next = (kinds: ThreadMessage['kind'][]) =>
    new Promise<ThreadMessage>((resolve, reject) => {
      const onMessage = (message: ThreadMessage) => {
        if (!kinds.includes(message.kind)) return;
        worker!.off('message', onMessage);
        resolve(message);
      };
      worker!.on('message', onMessage);
      worker!.once('error', reject);
      void exited!.then((code) => reject(new Error(`the orders thread exited with code ${code}`)));
    });

  return {
    async start() {
      const source = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
      const data: WorkerData = { env, busPort };
      worker = new Worker(source, { eval: true, workerData: data, transferList: [busPort], name: 'orders' });
      exited = new Promise((resolve) => worker!.once('exit', resolve));
      const first = await next(['started', 'failed']);
      if (first.kind === 'failed') throw new Error(`the orders service did not start: ${first.message}`);
      worker.on('error', (err) => logger.fatal({ err }, 'the orders thread failed'));
      void exited.then((code) => {
        if (!stopping) onExit(code);
      });
      logger.info('the orders service runs on its own thread');
    },
    async stop() {
      if (!worker) return;
      stopping = true;
      worker.postMessage({ kind: 'stop' } satisfies ThreadMessage);
      const timer = setTimeout(() => void worker?.terminate(), STOP_TIMEOUT_MS);
      await next(['stopped']).catch((err: unknown) => logger.warn({ err }, 'the orders thread did not stop cleanly'));
      clearTimeout(timer);
      await worker.terminate();
      worker = undefined;
    },
  };
}
