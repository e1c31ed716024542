/**
 * WebSocket fan-out of the queue service against a plain `ws` broadcast, in one run.
 *
 *   npx tsx bench/queue-fanout.ts [clients=10000] [updates=50] [workers]
 *
 * workers: threads the clients are spread over (default: the number of CPUs; also
 * FANOUT_WORKERS=N). The clients are the load generator, not the system under test: in one
 * thread, one core parses every delivery of a broadcast one after the other while the other
 * idles, and that — not the server — would set the time to reach 99 %. Each worker owns its
 * share of the sockets and reports receipt times on CLOCK_MONOTONIC (process.hrtime), the
 * clock the trigger and both servers use too; ours and plain `ws` are measured the same way.
 * The first two updates of each (cold code in server and clients) are reported apart.
 *
 * Needs ~1× clients file descriptors in this process and as many in the server child: check
 * `ulimit -n`; node cannot raise it. On EMFILE/EADDRNOTAVAIL the run goes on with the
 * connections that opened and says so.
 * Goals (issue): 99 % of 10,000 clients get a status update within 200 ms; broadcast rate ≥
 * 50 % of plain `ws`; ≤ 20 KB per connection (of the server process); position/ETA query cost
 * grows ≤ 1.2× from 10 to 10,000 active orders — judged on what a client pays, the HTTP GET.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { createTokenSigner, generateSigningKeyPair } from '../packages/service-kit/src/index.ts';
import { buildPrepModel } from '../services/queue/src/domain/kitchen-model.ts';
import { planKitchen } from '../services/queue/src/domain/kitchen-plan.ts';
import type { QueueEntry } from '../services/queue/src/domain/queue-entry.ts';
import { assertPortsFree, cleanup, startChild, stopChild } from './lib/children.ts';
import { hrMs, openClientPool, type ClientPool } from './lib/fanout-clients.ts';
import { summarize, ms } from './lib/stats.ts';

const wantedClients = Number(process.argv[2] ?? 10_000);
const updates = Number(process.argv[3] ?? 50);
const workerCount = Number(process.argv[4] ?? process.env.FANOUT_WORKERS ?? cpus().length);
const STAFF_SHARE = 0.01;
/** Broadcasts before the measured ones: the first after the clients join runs cold code (JIT) in server and clients. */
const WARM_UP_UPDATES = 2;
const SEED = WARM_UP_UPDATES + updates + 50;
const ports = { queue: 18184, queueCtl: 18185, plain: 18186, plainCtl: 18187, query: 18188, queryCtl: 18189 };
const notes: string[] = [];
const started = Date.now();
const hardStop = setTimeout(() => {
  process.stderr.write('time budget (15 min) exceeded, stopping\n');
  void cleanup().finally(() => process.exit(2));
}, 15 * 60_000);

const keys = generateSigningKeyPair();
const signer = await createTokenSigner(keys.privateKey, { ttlSeconds: 3600 });
const staffToken = (await signer.sign({ userId: '1', email: 'staff@bench', role: 'STAFF' })).token;
await assertPortsFree(Object.values(ports));

const nodeArgs = (file: string) => ['--expose-gc', '--import', 'tsx', file];
const env = (extra: Record<string, string>) => ({ BENCH_JWT_PUBLIC_KEY: keys.publicKey, NODE_OPTIONS: '--max-old-space-size=4096', ...extra });
const getJson = async <T>(url: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
};
interface Mem { rss: number; heapUsed: number; external: number; arrayBuffers: number }
const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

// ---------------------------------------------------------------- fan-out
interface UpdateResult {
  /** From just before the trigger request to the receipt by 99 % of the clients. */
  t99: number;
  rate: number;
  missed: number;
  /** Trigger → the server's send loop starts; the loop; the loop's end → 99 % received. */
  toLoop: number;
  loop: number;
  afterLoop: number;
}
/** When (hrMs) the server's loop over the sockets for one update started and ended. */
interface ServerTiming { start: number; end: number }
interface System {
  /** The queue number update `i` will carry (not timed). */
  target(i: number): Promise<number>;
  /** Makes the server broadcast update `i`. */
  trigger(i: number, queueNumber: number): Promise<unknown>;
  /** The server's timing of it, asked once the clients have it. */
  timing(queueNumber: number, triggered: unknown): Promise<ServerTiming>;
}

/**
 * One update at a time: arm the workers, note the time, trigger, take every client's receipt
 * time. The first WARM_UP_UPDATES are measured alike and reported apart, not in the figures.
 */
async function measure(pool: ClientPool, system: System): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  const count = pool.size;
  for (let i = 0; i < WARM_UP_UPDATES + updates; i++) {
    const queueNumber = await system.target(i);
    await pool.arm(`"queue_number":${queueNumber},`);
    const t0 = hrMs();
    const triggered = await system.trigger(i, queueNumber);
    const at = await pool.collect(5000);
    const { start, end } = await system.timing(queueNumber, triggered);
    const deltas = Float64Array.from(at, (t) => (Number.isNaN(t) ? Infinity : t - t0)).sort();
    const received = at.reduce((n, t) => (Number.isNaN(t) ? n : n + 1), 0);
    const t99 = deltas[Math.ceil(0.99 * count) - 1] ?? Infinity;
    const last = deltas[received - 1] ?? Infinity;
    results.push({ t99, rate: received / (last / 1000), missed: count - received, toLoop: start - t0, loop: end - start, afterLoop: t99 - (end - t0) });
    await new Promise((r) => setTimeout(r, 150));
  }
  return results;
}

async function fanOut(name: string, script: string, port: number, controlPort: number, extraEnv: Record<string, string>, count: number, system: (control: string) => System) {
  const control = `http://127.0.0.1:${controlPort}`;
  const child = await startChild(name, process.execPath, nodeArgs(script), env({ PORT: String(port), CONTROL_PORT: String(controlPort), ...extraEnv }), `${control}/ready`);
  const mem0 = await getJson<Mem>(`${control}/mem`);
  const load0 = load();
  const t = Date.now();
  const pool = await openClientPool({ url: `ws://127.0.0.1:${port}/ws`, count, workers: workerCount, staffEvery: Math.round(1 / STAFF_SHARE), staffToken });
  const openMs = Date.now() - t;
  // The server child's memory only: the clients live in this process.
  const mem1 = await getJson<Mem>(`${control}/mem`);
  if (pool.size < count) notes.push(`${name}: only ${pool.size}/${count} connections opened (${[...pool.errors].map(([k, v]) => `${v}× ${k}`).join(', ')})`);
  process.stderr.write(`${name}: ${pool.size} clients on ${pool.workers} worker threads in ${openMs} ms\n`);
  const all = await measure(pool, system(control));
  const warmUp = all.slice(0, WARM_UP_UPDATES);
  const results = all.slice(WARM_UP_UPDATES);
  const list = (key: keyof UpdateResult) => all.map((r) => ms(r[key])).join(' ');
  process.stderr.write(`${name}: time-to-99 % per update (ms): ${list('t99')}\n${name}: send loop per update (ms): ${list('loop')}\n`);
  const frames = await pool.close();
  await stopChild(child);
  return { size: pool.size, workers: pool.workers, openMs, mem0, mem1, results, warmUp, frames, load: load0 };
}

const loadAtStart = load();
const boardBytes: number[] = [];
const queueRun = await fanOut('queue service', 'bench/lib/queue-server.ts', ports.queue, ports.queueCtl, { SEED: String(SEED), SEED_MODE: 'events' }, wantedClients, (control) => ({
  // The oldest waiting order goes to `preparing`, so no position behind it moves.
  target: async (i) => (await getJson<{ queueNumber: number }>(`${control}/entry?order=${i + 1}`)).queueNumber,
  trigger: (i) => getJson(`${control}/trigger?order=${i + 1}`, { method: 'POST' }),
  timing: async (queueNumber) => {
    const timing = await getJson<ServerTiming & { boardBytes: number }>(`${control}/broadcast?queue=${queueNumber}`);
    boardBytes.push(timing.boardBytes);
    return timing;
  },
}));
const clients = queueRun.size;
const frameBytes = Math.round(summarize(boardBytes).p50) || 80;
const plainRun = await fanOut('plain ws', 'bench/lib/plain-ws-server.ts', ports.plain, ports.plainCtl, {}, clients, (control) => ({
  target: async (i) => 1000 + i + 1,
  trigger: (_i, queueNumber) => getJson<ServerTiming>(`${control}/trigger?queue=${queueNumber}&bytes=${frameBytes}`, { method: 'POST' }),
  timing: async (_queueNumber, triggered) => triggered as ServerTiming,
}));

// ---------------------------------------------------------------- position/ETA query cost
const STATIONS = ['grill', 'fryer', 'stove', 'cold', 'drinks', 'counter'];
const makeEntries = (n: number): QueueEntry[] =>
  Array.from({ length: n }, (_, k) => {
    const id = k + 1;
    return {
      orderId: id, userId: 1000 + id, queueNumber: id, day: '2026-01-01', status: id % 20 === 0 ? 'preparing' : 'waiting', priority: id % 50 === 0 ? 3 : 0,
      confirmedAt: Date.now() - (n - id) * 1000, preparingAt: id % 20 === 0 ? Date.now() - 60_000 : null, readyAt: null, completedAt: null,
      lines: [
        { menuItemId: `item-${id % 7}`, itemName: 'Dish', quantity: 1 + (id % 2), station: STATIONS[id % STATIONS.length]!, preparationTime: 5 + (id % 10) },
        { menuItemId: 'chai', itemName: 'Chai', quantity: 1, station: 'drinks', preparationTime: 2 },
      ],
    } satisfies QueueEntry;
  });
const kitchen = { stations: { grill: 2, fryer: 2, stove: 3, cold: 2, drinks: 2, counter: 2 }, defaultSlots: 1 };
const model = buildPrepModel(new Map());
const median = (values: number[]) => summarize(values).p50;
function inProcess(n: number) {
  const entries = makeEntries(n);
  const planTimes: number[] = [];
  const iterations = n > 1000 ? 30 : 2000;
  let plan = planKitchen(entries, kitchen, model, Date.now());
  for (let i = 0; i < iterations; i++) {
    const s = performance.now();
    plan = planKitchen(entries, kitchen, model, Date.now());
    planTimes.push(performance.now() - s);
  }
  const lookupTimes: number[] = [];
  const ids = Array.from({ length: 100_000 }, (_, i) => ((i * 7919) % n) + 1);
  let sink = 0;
  for (let round = 0; round < 21; round++) {
    const s = performance.now();
    for (const id of ids) sink += plan.byOrder.get(id)?.position ?? 0;
    lookupTimes.push(((performance.now() - s) * 1e6) / ids.length);
  }
  if (sink < 0) console.log(sink);
  return { planMs: median(planTimes), lookupNs: median(lookupTimes) };
}
const ip10 = inProcess(10);
const ip10k = inProcess(10_000);

const WARM_UP = 300;
async function httpQuery(n: number): Promise<{ medianMs: number; p90Ms: number; requests: number; seedMs: number }> {
  const child = await startChild(`queue-${n}`, process.execPath, nodeArgs('bench/lib/queue-server.ts'),
    env({ PORT: String(ports.query), CONTROL_PORT: String(ports.queryCtl), SEED: String(n), SEED_MODE: 'store' }),
    `http://127.0.0.1:${ports.queryCtl}/ready`);
  const { seedMs } = await getJson<{ seedMs: number }>(`http://127.0.0.1:${ports.queryCtl}/ready`);
  const url = (id: number) => `http://127.0.0.1:${ports.query}/api/queue/order/${id}`;
  const headers = { authorization: `Bearer ${staffToken}` };
  const times: number[] = [];
  // Warm the JIT, the connection and the plan (redone every 5 s as ETAs move with the clock).
  for (let i = 0; i < WARM_UP; i++) await (await fetch(url((i % n) + 1), { headers })).arrayBuffer();
  const deadline = Date.now() + 4000;
  for (let i = 0; i < 3000 && Date.now() < deadline; i++) {
    const s = performance.now();
    const response = await fetch(url(((i * 7919) % n) + 1), { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET order: ${response.status}`);
    times.push(performance.now() - s);
  }
  await stopChild(child);
  const summary = summarize(times);
  return { medianMs: summary.p50, p90Ms: Float64Array.from(times).sort()[Math.ceil(0.9 * times.length) - 1]!, requests: times.length, seedMs };
}
const h10 = await httpQuery(10);
const h10k = await httpQuery(10_000);
clearTimeout(hardStop);
await cleanup();

// ---------------------------------------------------------------- report
const stat = (results: UpdateResult[], key: keyof UpdateResult) => summarize(results.map((r) => r[key]));
const qT99 = stat(queueRun.results, 't99');
const pT99 = stat(plainRun.results, 't99');
const qRate = median(queueRun.results.map((r) => r.rate));
const pRate = median(plainRun.results.map((r) => r.rate));
const ratio = qRate / pRate;
const perConn = (a: Mem, b: Mem, n: number) => ({ rss: (b.rss - a.rss) / n / 1024, heap: (b.heapUsed + b.external - a.heapUsed - a.external) / n / 1024 });
const qMem = perConn(queueRun.mem0, queueRun.mem1, clients);
const pMem = perConn(plainRun.mem0, plainRun.mem1, plainRun.size);
const lookupRatio = ip10k.lookupNs / ip10.lookupNs;
const httpRatio = h10k.medianMs / h10.medianMs;
const ok = (b: boolean) => (b ? 'met' : '**NOT met**');
let cpuModel = cpus()[0]?.model ?? '?';
try { cpuModel = execSync("lscpu | grep 'Model name' | cut -d: -f2").toString().trim() || cpuModel; } catch { /* keep */ }
let fdLimit = '?';
try { fdLimit = execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim(); } catch { /* keep */ }
const missed = (results: UpdateResult[]) => results.reduce((a, r) => a + r.missed, 0);
const row = (name: string, run: typeof queueRun, frame: string) => {
  const t99 = stat(run.results, 't99');
  return `| ${name} | ${run.size} | ${run.openMs} ms | ${ms(t99.p50)} / ${ms(t99.p99)} / ${ms(t99.max)} ms | ${Math.round(median(run.results.map((r) => r.rate))).toLocaleString('en')} | ${missed(run.results)} | ${frame} |`;
};
const split = (name: string, run: typeof queueRun) => {
  const loop = stat(run.results, 'loop');
  return `| ${name} | ${ms(stat(run.results, 'toLoop').p50)} ms | ${ms(loop.p50)} ms (p99 ${ms(loop.p99)}) = ${((loop.p50 * 1000) / run.size).toFixed(1)} µs a socket | ${ms(stat(run.results, 'afterLoop').p50)} ms |`;
};
const cold = (run: typeof queueRun) => run.warmUp.map((r) => `${ms(r.t99)} ms`).join(', ');

const report = `# Queue WebSocket fan-out

\`npx tsx bench/queue-fanout.ts ${wantedClients} ${updates}${process.argv[4] ? ` ${process.argv[4]}` : ''}\` — ${new Date(started).toISOString()}, ${Math.round((Date.now() - started) / 1000)} s

Machine: ${cpus().length} cores, ${cpuModel}, Node ${process.version}, \`ulimit -n\` ${fdLimit}; load average (1/5/15 min)
${loadAtStart} at the start, ${queueRun.load} before the queue fan-out, ${plainRun.load} before the plain one, ${load()} at the end.
The servers run in child processes; the ${clients} clients (1 % STAFF tokens, the rest anonymous board)
run in this process, spread over ${queueRun.workers} worker threads, on the same cores.

| goal | measured | |
| --- | --- | --- |
| 99 % of ${wantedClients.toLocaleString('en')} clients get a status update ≤ 200 ms | ${clients.toLocaleString('en')} clients; per-update time-to-99 % p50 ${ms(qT99.p50)} ms, p99 ${ms(qT99.p99)} ms (plain \`ws\`: ${ms(pT99.p50)} / ${ms(pT99.p99)} ms); the ${WARM_UP_UPDATES} warm-up updates before them: ${cold(queueRun)} | ${ok(clients >= wantedClients && qT99.p99 <= 200)}${clients < wantedClients ? ' (fewer clients)' : ''} |
| broadcast rate ≥ 50 % of plain \`ws\` | ${Math.round(qRate).toLocaleString('en')} vs ${Math.round(pRate).toLocaleString('en')} msg/s (median per burst) = ${(ratio * 100).toFixed(0)} % | ${ok(ratio >= 0.5)} |
| ≤ 20 KB per connection | queue RSS ${qMem.rss.toFixed(1)} KB, heap+external ${qMem.heap.toFixed(1)} KB (plain ws: RSS ${pMem.rss.toFixed(1)}, heap ${pMem.heap.toFixed(1)} KB) | ${ok(qMem.rss <= 20)} |
| position/ETA query ≤ 1.2× from 10 → 10,000 orders | HTTP GET /api/queue/order/{id} median ${h10.medianMs.toFixed(2)} → ${h10k.medianMs.toFixed(2)} ms (${httpRatio.toFixed(2)}×) | ${ok(httpRatio <= 1.2)} |

## Fan-out (${updates} updates each, after ${WARM_UP_UPDATES} warm-up ones)

| server | clients | open+auth | time-to-99 % p50 / p99 / max | rate (msg/s, median) | missed deliveries | frame |
| --- | --- | --- | --- | --- | --- | --- |
${row('queue service', queueRun, `${frameBytes} B (board)`)}
${row('plain ws, same frame size', plainRun, `${frameBytes} B`)}

Where the time goes (medians over the updates; all on one monotonic clock):

| server | trigger → send loop starts | send loop over every socket | loop end → 99 % received |
| --- | --- | --- | --- |
${split('queue service', queueRun)}
${split('plain ws', plainRun)}

Time to 99 % is the server's send loop, for ours as for plain \`ws\`: the client threads keep up
with it (99 % can be reached before the loop has written the last 1 %, hence a negative last
column). A send is one \`writev\` of the frame's header and payload into a loopback TCP socket,
about half of it in the kernel. The ${WARM_UP_UPDATES} warm-up updates (the first broadcast after
the clients join runs cold code on both sides) took ${cold(queueRun)} (queue service) and
${cold(plainRun)} (plain \`ws\`) to reach 99 %; they are not in the figures above.

Each update is one \`order.preparing\` published on the queue child's in-process bus (the oldest
waiting order, so positions behind it do not move) via its control endpoint; for plain \`ws\`, one
pre-serialized text frame sent to every socket. Time is from just before the control request to each
client's receipt of that order's \`status_update\` (a worker checks the frame's start and its
\`"queue_number":N,\`, and reads \`process.hrtime\`). The send loop is the hub's broadcast as the
store's tail listener runs it (timed by a wrapper around the store), and plain ws's loop over its
sockets. The rate is deliveries ÷ (last receipt − trigger). Frames received by queue clients in
total: ${queueRun.frames.toLocaleString('en')} (the updates, the snapshot each gets on joining, and any position refreshes). Memory:
\`process.memoryUsage()\` of the server child after \`gc()\`, before and after opening and
authenticating the connections, ÷ connections (${clients} open, ${SEED} active orders).

## Position/ETA query cost

The verdict is on what a client pays for its position and ETA, the HTTP GET (median of
${h10.requests} and ${h10k.requests} requests after ${WARM_UP} warm-up ones, keep-alive, one at a time, ≤ 4 s each). The
in-process plan lookup and the plan recompute are shown for information only and do not decide it.

| active orders | HTTP GET /api/queue/order/{id} median (p90) | plan lookup (informative) | planKitchen recompute (informative) |
| --- | --- | --- | --- |
| 10 | ${h10.medianMs.toFixed(2)} ms (${h10.p90Ms.toFixed(2)}) | ${ip10.lookupNs.toFixed(1)} ns | ${ip10.planMs.toFixed(3)} ms |
| 10,000 | ${h10k.medianMs.toFixed(2)} ms (${h10k.p90Ms.toFixed(2)}) | ${ip10k.lookupNs.toFixed(1)} ns (${lookupRatio.toFixed(2)}×) | ${ip10k.planMs.toFixed(2)} ms |

The plan is cached between changes (and redone every 5 s as ETAs move with the clock), so a query is a
map lookup; the recompute is O(n log n) and paid once per change. A lookup of tens of nanoseconds
grows with the map's size (cache misses) but is lost in the cost of a request. HTTP children
were seeded straight into the memory store (10,000 orders in ${h10k.seedMs} ms).
${notes.length ? `\n## Notes\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
console.log(report);
writeFileSync(path.resolve('bench/reports/queue-fanout.md'), report);
process.exit(0);
