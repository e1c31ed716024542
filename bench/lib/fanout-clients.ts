/**
 * The load generator of bench/queue-fanout.ts: WebSocket clients spread over worker threads
 * (fanout-client-worker.ts), so that receiving one broadcast is parsed on every core instead
 * of one. Each worker owns a contiguous share of the clients and reports, per update, when
 * each of them received it, on `hrMs()` — the monotonic clock every thread and process of
 * this machine shares — so times from different workers and from the servers compare.
 */
import { Worker } from 'node:worker_threads';

/** Milliseconds on CLOCK_MONOTONIC (process.hrtime): comparable across threads and processes. */
export const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface ClientWorkerData {
  url: string;
  /** Global index of this worker's first client (1 in `staffEvery` is STAFF, by global index). */
  first: number;
  count: number;
  staffEvery: number;
  staffToken: string;
  /** Connections opened at once by this worker. */
  batch: number;
  openBudgetMs: number;
}
export type ToWorker = { type: 'arm'; id: number; needle: string } | { type: 'collect'; id: number } | { type: 'close' };
export type FromWorker =
  | { type: 'opened'; count: number; errors: [string, number][] }
  | { type: 'armed'; id: number }
  | { type: 'done'; id: number; at: Float64Array }
  | { type: 'closed'; frames: number };

export interface ClientPool {
  /** Connections open and authenticated (welcomed). */
  readonly size: number;
  readonly workers: number;
  readonly errors: Map<string, number>;
  /** Arms every worker for the next frame whose start is a status_update and that contains `needle`; resolves once all are armed. */
  arm(needle: string): Promise<void>;
  /** Every client's receipt time of the armed update (hrMs; NaN: not received), once all have it or after `timeoutMs`. */
  collect(timeoutMs: number): Promise<Float64Array>;
  /** Terminates every connection and worker; resolves with the number of frames the clients received in all. */
  close(): Promise<number>;
}

interface Options {
  url: string;
  count: number;
  workers: number;
  staffEvery: number;
  staffToken: string;
  /** Connections being opened at once, over all workers. */
  batch?: number;
  openBudgetMs?: number;
}

/** Starts the workers (TypeScript through tsx's API: a worker does not inherit tsx's loader). */
export async function openClientPool(options: Options): Promise<ClientPool> {
  const workerCount = Math.max(1, Math.min(options.workers, options.count));
  const batch = Math.max(1, Math.ceil((options.batch ?? 250) / workerCount));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const file = new URL('./fanout-client-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => api.register()).then(() => import(${JSON.stringify(file)}))`;

  const inbox: { worker: Worker; waiters: ((m: FromWorker) => void)[]; queued: FromWorker[] }[] = [];
  const next = (i: number) => {
    const box = inbox[i]!;
    const queued = box.queued.shift();
    return queued ? Promise.resolve(queued) : new Promise<FromWorker>((resolve) => box.waiters.push(resolve));
  };
  const share = Math.floor(options.count / workerCount);
  for (let w = 0; w < workerCount; w++) {
    const first = w * share;
    const count = w === workerCount - 1 ? options.count - first : share;
    const data: ClientWorkerData = {
      url: options.url, first, count, staffEvery: options.staffEvery, staffToken: options.staffToken, batch, openBudgetMs: options.openBudgetMs ?? 180_000,
    };
    const worker = new Worker(boot, { eval: true, workerData: data });
    const box = { worker, waiters: [] as ((m: FromWorker) => void)[], queued: [] as FromWorker[] };
    worker.on('message', (m: FromWorker) => {
      const waiter = box.waiters.shift();
      if (waiter) waiter(m);
      else box.queued.push(m);
    });
    worker.on('error', (err) => {
      process.stderr.write(`client worker ${w}: ${err.stack ?? String(err)}\n`);
      process.exitCode = 1;
    });
    inbox.push(box);
  }

  const expect = async <T extends FromWorker['type']>(i: number, type: T): Promise<Extract<FromWorker, { type: T }>> => {
    for (;;) {
      const m = await next(i);
      if (m.type === type) return m as Extract<FromWorker, { type: T }>;
    }
  };
  const opened = await Promise.all(inbox.map((_, i) => expect(i, 'opened')));
  const sizes = opened.map((m) => m.count);
  const errors = new Map<string, number>();
  for (const m of opened) for (const [k, v] of m.errors) errors.set(k, (errors.get(k) ?? 0) + v);
  const size = sizes.reduce((a, b) => a + b, 0);
  let id = 0;

  return {
    size,
    workers: workerCount,
    errors,
    async arm(needle) {
      id++;
      for (const box of inbox) box.worker.postMessage({ type: 'arm', id, needle } satisfies ToWorker);
      await Promise.all(inbox.map((_, i) => expect(i, 'armed')));
    },
    async collect(timeoutMs) {
      const current = id;
      const doneWith = async (i: number) => {
        for (;;) {
          const m = await expect(i, 'done');
          if (m.id === current) return m.at;
        }
      };
      const parts = inbox.map((_, i) => doneWith(i));
      const timer = setTimeout(() => {
        for (const box of inbox) box.worker.postMessage({ type: 'collect', id: current } satisfies ToWorker);
      }, timeoutMs);
      const arrays = await Promise.all(parts);
      clearTimeout(timer);
      const all = new Float64Array(size);
      let offset = 0;
      for (const a of arrays) {
        all.set(a, offset);
        offset += a.length;
      }
      return all;
    },
    async close() {
      for (const box of inbox) box.worker.postMessage({ type: 'close' } satisfies ToWorker);
      const closed = await Promise.all(inbox.map((_, i) => expect(i, 'closed')));
      await new Promise((r) => setTimeout(r, 1000));
      await Promise.all(inbox.map((box) => box.worker.terminate()));
      return closed.reduce((a, m) => a + m.frames, 0);
    },
  };
}
