/**
 * The chaos suite's moving parts put together: private stores, the distributed system on them,
 * the faults, and one phase = a steady order stream with one fault in the middle of it, then
 * the checker. Used by the short test (order-stream.chaos.test.ts) and the full run (bench/chaos.ts).
 */
import { checkAfterDrain, deadLetterCount, duplicates, type Verdict } from './checker.ts';
import { runOrderStream } from './clients.ts';
import { startPrivateStores, type PrivateServer, type PrivateStores } from './private-stores.ts';
import type { StoreLocations } from './stores-snapshot.ts';
import { ORDERS_DATABASE, startChaosSystem, type ChaosSystem, type ServiceName } from './system.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Chaos {
  stores: PrivateStores;
  system: ChaosSystem;
  locations: StoreLocations;
  /** Stops the system and the private stores, removes every temp folder; safe to call twice. */
  teardown(): Promise<void>;
}

export async function startChaos(options: { customers: number; busRetryDelaysMs?: string }): Promise<Chaos> {
  const stores = await startPrivateStores();
  let system: ChaosSystem | undefined;
  const teardown = async () => {
    await system?.stop();
    await stores.stopAll();
  };
  try {
    system = await startChaosSystem(stores, options);
  } catch (err) {
    await teardown();
    throw err;
  }
  const locations: StoreLocations = {
    mariadbUrl: stores.mariadb.url,
    ordersDatabase: ORDERS_DATABASE,
    paymentsDbPath: system.paymentsDbPath,
    redisUrl: stores.redis.url,
    amqpUrl: stores.rabbitmq.url,
    ...(options.busRetryDelaysMs ? { retryDelaysMs: options.busRetryDelaysMs.split(',').map(Number) } : {}),
  };
  return { stores, system, locations, teardown };
}

export interface Fault {
  name: string;
  /** Injects the fault and ends it; resolves once what was stopped answers again. */
  inject(chaos: Chaos): Promise<void>;
}

/** Stops a private server, leaves it down for `downMs`, starts it again. */
const storeDown = (name: string, server: (chaos: Chaos) => PrivateServer, downMs: number): Fault => ({
  name,
  async inject(chaos) {
    await server(chaos).stop();
    await sleep(downMs);
    await server(chaos).start();
  },
});

export const faults = {
  /** RabbitMQ down ~`downMs` plus the node's own start (about 7 s here on a quiet machine). */
  rabbitmq: (downMs: number) => storeDown('RabbitMQ stopped', (c) => c.stores.rabbitmq, downMs),
  mariadb: (downMs: number) => storeDown('MariaDB stopped', (c) => c.stores.mariadb, downMs),
  /** Redis runs without persistence: a restart loses the kitchen queue, which is rebuilt from the orders. */
  redis: () => storeDown('Redis restarted (empty)', (c) => c.stores.redis, 0),
  kill: (service: ServiceName, downMs = 5000): Fault => ({
    name: `${service} SIGKILLed`,
    async inject(chaos) {
      await chaos.system.kill(service);
      await sleep(downMs);
      await chaos.system.start(service);
    },
  }),
};

export interface PhaseOptions {
  rate: number;
  seconds: number;
  /** When, into the load, the fault starts. */
  faultAtMs: number;
  drainWindowMs: number;
  /** How long a client retries one request before giving up. */
  patienceMs: number;
}

export interface PhaseResult {
  fault: string;
  /** From the fault's start until what was stopped answered again. */
  outageMs: number;
  verdict: Verdict;
  drainMs: number | undefined;
}

export async function runPhase(chaos: Chaos, phase: string, fault: Fault, options: PhaseOptions): Promise<PhaseResult> {
  const load = runOrderStream({
    baseUrl: chaos.system.baseUrl,
    tokens: chaos.system.customers,
    items: chaos.system.items,
    phase,
    rate: options.rate,
    seconds: options.seconds,
    patienceMs: options.patienceMs,
  });
  await sleep(options.faultAtMs);
  const faultStarted = Date.now();
  await fault.inject(chaos);
  const outageMs = Date.now() - faultStarted;
  const clients = await load;
  const { verdict, drainMs } = await checkAfterDrain(chaos.locations, phase, clients, Date.now(), options.drainWindowMs);
  return { fault: fault.name, outageMs, verdict, drainMs };
}

const seconds = (ms: number | undefined) => (ms === undefined ? 'not drained' : `${(ms / 1000).toFixed(1)} s`);

export const TABLE_HEADER = [
  '| fault | outage | accepted | lost | duplicated (rows / payments / queue entries / numbers) | stuck | drain | dead letters | client retries | notes |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

export function tableRow(result: PhaseResult): string {
  const v = result.verdict;
  const d = v.duplicated;
  const notes = [
    v.paidByClient !== v.accepted ? `${v.accepted - v.paidByClient} accepted not paid by the client (paid by the event)` : '',
    v.cancelled ? `${v.cancelled} cancelled` : '',
    Object.keys(v.notConfirmed).length ? `not through: ${JSON.stringify(v.notConfirmed)}` : '',
    Object.keys(v.gaveUp).length ? `gave up: ${JSON.stringify(v.gaveUp)}` : '',
    deadLetterCount(v) ? `dead: ${JSON.stringify(v.deadLetters)}` : '',
    v.outboxPending ? `${v.outboxPending} unsent in outboxes` : '',
  ].filter(Boolean);
  return `| ${result.fault} | ${(result.outageMs / 1000).toFixed(1)} s | ${v.accepted} | ${v.lost} | ${duplicates(v)} (${d.rows} / ${d.payments} / ${d.queueEntries} / ${d.queueNumbers}) | ${v.stuck} | ${seconds(result.drainMs)} | ${deadLetterCount(v)} | ${v.retries} | ${notes.join('; ') || '—'} |`;
}
