/**
 * WebSocket fan-out of the queue service against a plain `ws` broadcast, in one run.
 *
 *   npx tsx bench/queue-fanout.ts [clients=10000] [updates=50]
 *
 * Needs ~2× clients file descriptors (this process and the server each hold one per
 * connection): check `ulimit -n`; node cannot raise it. On EMFILE/EADDRNOTAVAIL the run goes
 * on with the connections that opened and says so.
 * Goals (issue): 99 % of 10,000 clients get a status update within 200 ms; broadcast rate ≥
 * 50 % of plain `ws`; ≤ 20 KB per connection; position/ETA query cost grows ≤ 1.2× from 10
 * to 10,000 active orders.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { createTokenSigner, generateSigningKeyPair } from '../packages/service-kit/src/index.ts';
import { planKitchen, buildPrepModel } from '../services/queue/src/domain/kitchen-model.ts';
import type { QueueEntry } from '../services/queue/src/domain/queue-entry.ts';
import { assertPortsFree, cleanup, startChild, stopChild, type Child } from './lib/children.ts';
import { summarize, ms } from './lib/stats.ts';
import { WebSocket, type WsSocket } from './lib/ws-lib.ts';

const wantedClients = Number(process.argv[2] ?? 10_000);
const updates = Number(process.argv[3] ?? 50);
const STAFF_SHARE = 0.01;
const SEED = updates + 50;
const ports = { queue: 18184, queueCtl: 18185, plain: 18186, plainCtl: 18187, query: 18188, queryCtl: 18189 };
const now = () => performance.timeOrigin + performance.now();
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

// ---------------------------------------------------------------- clients
interface Pending { queueNumber: number; t0: number; at: Float64Array; received: number; bytes: number; done: () => void }
let pending: Pending | undefined;
const frames = { total: 0 };

function onFrame(index: number, data: Buffer) {
  frames.total++;
  const p = pending;
  if (!p || !Number.isNaN(p.at[index]!)) return;
  if (data.indexOf('status_update') < 0) return;
  const message = JSON.parse(data.toString()) as { data?: { queue_number?: number; status?: string } };
  if (message.data?.queue_number !== p.queueNumber || message.data.status !== 'preparing') return;
  p.at[index] = now();
  p.bytes += data.length;
  if (++p.received === p.at.length) p.done();
}

async function openClients(url: string, count: number): Promise<{ sockets: WsSocket[]; errors: Map<string, number> }> {
  const sockets: WsSocket[] = [];
  const errors = new Map<string, number>();
  const batch = 250;
  const deadline = Date.now() + 180_000;
  for (let i = 0; i < count && Date.now() < deadline; i += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, (_, k) => {
        const index = i + k;
        return new Promise<WsSocket | undefined>((resolve) => {
          const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 20_000 });
          const timer = setTimeout(() => { countError('welcome timeout'); socket.terminate(); resolve(undefined); }, 30_000);
          const countError = (why: string) => errors.set(why, (errors.get(why) ?? 0) + 1);
          let welcomed = false;
          socket.on('error', (err) => { countError((err as NodeJS.ErrnoException).code ?? err.message); clearTimeout(timer); resolve(undefined); });
          socket.once('open', () => {
            const staff = index % Math.round(1 / STAFF_SHARE) === 0;
            socket.send(JSON.stringify({ type: 'auth', token: staff ? staffToken : null }));
          });
          socket.on('message', (data) => {
            const buffer = data as Buffer;
            if (!welcomed) {
              if (buffer.indexOf('welcome') >= 0) { welcomed = true; clearTimeout(timer); resolve(socket); }
              return;
            }
            onFrame(index, buffer);
          });
        });
      }),
    );
    for (const s of opened) if (s) sockets.push(s);
    if (errors.size && (errors.has('EMFILE') || errors.has('EADDRNOTAVAIL'))) break;
  }
  return { sockets, errors };
}

async function closeClients(sockets: WsSocket[]) {
  for (const s of sockets) s.terminate();
  await new Promise((r) => setTimeout(r, 1000));
}

interface UpdateResult { t99: number; rate: number; received: number; missed: number; frameBytes: number }

async function measure(count: number, trigger: (i: number) => Promise<number>): Promise<UpdateResult[]> {
  const results: UpdateResult[] = [];
  for (let i = 0; i < updates; i++) {
    const at = new Float64Array(count).fill(NaN);
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const queueNumber = await trigger(-1 - i); // resolve the target first (untimed)
    pending = { queueNumber, t0: 0, at, received: 0, bytes: 0, done };
    pending.t0 = now();
    await trigger(i);
    await Promise.race([finished, new Promise((r) => setTimeout(r, 5000))]);
    const p = pending;
    pending = undefined;
    const deltas = Array.from(at, (t) => (Number.isNaN(t) ? Infinity : t - p.t0)).sort((a, b) => a - b);
    const t99 = deltas[Math.ceil(0.99 * count) - 1] ?? Infinity;
    const last = Math.max(...deltas.filter(Number.isFinite));
    results.push({ t99, rate: p.received / (last / 1000), received: p.received, missed: count - p.received, frameBytes: p.received ? p.bytes / p.received : 0 });
    await new Promise((r) => setTimeout(r, 150));
  }
  return results;
}

// ---------------------------------------------------------------- fan-out: queue service
const children: Child[] = [];
const queue = await startChild('queue', process.execPath, nodeArgs('bench/lib/queue-server.ts'),
  env({ PORT: String(ports.queue), CONTROL_PORT: String(ports.queueCtl), SEED: String(SEED), SEED_MODE: 'events' }),
  `http://127.0.0.1:${ports.queueCtl}/ready`);
children.push(queue);
const memQ0 = await getJson<Mem>(`http://127.0.0.1:${ports.queueCtl}/mem`);
let t = Date.now();
const q = await openClients(`ws://127.0.0.1:${ports.queue}/ws`, wantedClients);
const openQMs = Date.now() - t;
const memQ1 = await getJson<Mem>(`http://127.0.0.1:${ports.queueCtl}/mem`);
const clients = q.sockets.length;
if (clients < wantedClients) notes.push(`queue service: only ${clients}/${wantedClients} connections opened (${[...q.errors].map(([k, v]) => `${v}× ${k}`).join(', ')})`);
process.stderr.write(`queue: ${clients} clients in ${openQMs} ms\n`);
frames.total = 0;
const queueResults = await measure(clients, async (i) => {
  if (i < 0) return (await getJson<{ queueNumber: number }>(`http://127.0.0.1:${ports.queueCtl}/entry?order=${-i}`)).queueNumber;
  await getJson(`http://127.0.0.1:${ports.queueCtl}/trigger?order=${i + 1}`, { method: 'POST' });
  return 0;
});
const queueFrames = frames.total;
await closeClients(q.sockets);
await stopChild(queue);
const frameBytes = Math.round(summarize(queueResults.map((r) => r.frameBytes).filter((b) => b > 0)).p50) || 80;

// ---------------------------------------------------------------- fan-out: plain ws
const plain = await startChild('plain-ws', process.execPath, nodeArgs('bench/lib/plain-ws-server.ts'),
  env({ PORT: String(ports.plain), CONTROL_PORT: String(ports.plainCtl) }), `http://127.0.0.1:${ports.plainCtl}/ready`);
children.push(plain);
const memP0 = await getJson<Mem>(`http://127.0.0.1:${ports.plainCtl}/mem`);
t = Date.now();
const p = await openClients(`ws://127.0.0.1:${ports.plain}/ws`, clients);
const openPMs = Date.now() - t;
const memP1 = await getJson<Mem>(`http://127.0.0.1:${ports.plainCtl}/mem`);
if (p.sockets.length < clients) notes.push(`plain ws: only ${p.sockets.length}/${clients} connections opened`);
const plainResults = await measure(p.sockets.length, async (i) => {
  if (i < 0) return 1000 - i;
  await getJson(`http://127.0.0.1:${ports.plainCtl}/trigger?queue=${1000 + i + 1}&bytes=${frameBytes}`, { method: 'POST' });
  return 0;
});
await closeClients(p.sockets);
await stopChild(plain);

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

async function httpQuery(n: number): Promise<{ medianMs: number; seedMs: number }> {
  const child = await startChild(`queue-${n}`, process.execPath, nodeArgs('bench/lib/queue-server.ts'),
    env({ PORT: String(ports.query), CONTROL_PORT: String(ports.queryCtl), SEED: String(n), SEED_MODE: 'store' }),
    `http://127.0.0.1:${ports.queryCtl}/ready`);
  const { seedMs } = await getJson<{ seedMs: number }>(`http://127.0.0.1:${ports.queryCtl}/ready`);
  const url = (id: number) => `http://127.0.0.1:${ports.query}/api/queue/order/${id}`;
  const headers = { authorization: `Bearer ${staffToken}` };
  const times: number[] = [];
  // The planner re-plans every 5 s as ETAs move with the clock: warm it, and keep the loop short.
  for (let i = 0; i < 50; i++) await (await fetch(url((i % n) + 1), { headers })).arrayBuffer();
  const deadline = Date.now() + 4000;
  for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
    const s = performance.now();
    const response = await fetch(url(((i * 7919) % n) + 1), { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET order: ${response.status}`);
    times.push(performance.now() - s);
  }
  await stopChild(child);
  return { medianMs: median(times), seedMs };
}
const h10 = await httpQuery(10);
const h10k = await httpQuery(10_000);
clearTimeout(hardStop);
await cleanup();

// ---------------------------------------------------------------- report
const qT99 = summarize(queueResults.map((r) => r.t99));
const pT99 = summarize(plainResults.map((r) => r.t99));
const qRate = median(queueResults.map((r) => r.rate));
const pRate = median(plainResults.map((r) => r.rate));
const ratio = qRate / pRate;
const perConn = (a: Mem, b: Mem, n: number) => ({ rss: (b.rss - a.rss) / n / 1024, heap: (b.heapUsed + b.external - a.heapUsed - a.external) / n / 1024 });
const qMem = perConn(memQ0, memQ1, clients);
const pMem = perConn(memP0, memP1, p.sockets.length);
const lookupRatio = ip10k.lookupNs / ip10.lookupNs;
const httpRatio = h10k.medianMs / h10.medianMs;
const ok = (b: boolean) => (b ? 'met' : '**NOT met**');
let cpuModel = cpus()[0]?.model ?? '?';
try { cpuModel = execSync("lscpu | grep 'Model name' | cut -d: -f2").toString().trim() || cpuModel; } catch { /* keep */ }
let fdLimit = '?';
try { fdLimit = execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim(); } catch { /* keep */ }
const missedQ = queueResults.reduce((a, r) => a + r.missed, 0);
const missedP = plainResults.reduce((a, r) => a + r.missed, 0);

const report = `# Queue WebSocket fan-out

\`npx tsx bench/queue-fanout.ts ${wantedClients} ${updates}\` — ${new Date(started).toISOString()}, ${Math.round((Date.now() - started) / 1000)} s

Machine: ${cpus().length} cores, ${cpuModel}, Node ${process.version}, \`ulimit -n\` ${fdLimit}. The servers run in child
processes; the ${clients} clients (1 % STAFF tokens, the rest anonymous board) all run in this one process, on the same cores.

| goal | measured | |
| --- | --- | --- |
| 99 % of ${wantedClients.toLocaleString('en')} clients get a status update ≤ 200 ms | ${clients.toLocaleString('en')} clients; per-update time-to-99 % p50 ${ms(qT99.p50)} ms, p99 ${ms(qT99.p99)} ms | ${ok(clients >= wantedClients && qT99.p99 <= 200)}${clients < wantedClients ? ' (fewer clients)' : ''} |
| broadcast rate ≥ 50 % of plain \`ws\` | ${Math.round(qRate).toLocaleString('en')} vs ${Math.round(pRate).toLocaleString('en')} msg/s (median per burst) = ${(ratio * 100).toFixed(0)} % | ${ok(ratio >= 0.5)} |
| ≤ 20 KB per connection | queue RSS ${qMem.rss.toFixed(1)} KB, heap+external ${qMem.heap.toFixed(1)} KB (plain ws: RSS ${pMem.rss.toFixed(1)}, heap ${pMem.heap.toFixed(1)} KB) | ${ok(qMem.rss <= 20)} |
| position/ETA query ≤ 1.2× from 10 → 10,000 orders | plan lookup ${ip10.lookupNs.toFixed(1)} → ${ip10k.lookupNs.toFixed(1)} ns (${lookupRatio.toFixed(2)}×); HTTP GET median ${h10.medianMs.toFixed(2)} → ${h10k.medianMs.toFixed(2)} ms (${httpRatio.toFixed(2)}×) | ${ok(lookupRatio <= 1.2 && httpRatio <= 1.2)} |

## Fan-out (${updates} updates each)

| server | clients | open+auth | time-to-99 % p50 / p99 / max | rate (msg/s, median) | missed deliveries | frame |
| --- | --- | --- | --- | --- | --- | --- |
| queue service | ${clients} | ${openQMs} ms | ${ms(qT99.p50)} / ${ms(qT99.p99)} / ${ms(qT99.max)} ms | ${Math.round(qRate).toLocaleString('en')} | ${missedQ} | ${frameBytes} B (board) |
| plain ws, same frame size | ${p.sockets.length} | ${openPMs} ms | ${ms(pT99.p50)} / ${ms(pT99.p99)} / ${ms(pT99.max)} ms | ${Math.round(pRate).toLocaleString('en')} | ${missedP} | ${frameBytes} B |

Each update is one \`order.preparing\` published on the queue child's in-process bus (the oldest
waiting order, so positions behind it do not move) via its control endpoint; time is from just before
the control request to each client's receipt of that order's \`status_update\`. The rate is
deliveries ÷ (last receipt − trigger). Frames received by queue clients in total: ${queueFrames.toLocaleString('en')}
(including position refreshes). Memory: \`process.memoryUsage()\` of the child after \`gc()\`, before and
after opening and authenticating the connections, ÷ connections (${clients} open, ${SEED} active orders).

## Position/ETA query cost

| active orders | planKitchen (recompute) | plan lookup (query) | HTTP GET /api/queue/order/{id} median |
| --- | --- | --- | --- |
| 10 | ${ip10.planMs.toFixed(3)} ms | ${ip10.lookupNs.toFixed(1)} ns | ${h10.medianMs.toFixed(2)} ms |
| 10,000 | ${ip10k.planMs.toFixed(2)} ms | ${ip10k.lookupNs.toFixed(1)} ns | ${h10k.medianMs.toFixed(2)} ms |

The plan is cached between changes (and redone every 5 s as ETAs move with the clock), so a query is a
map lookup; the recompute is O(n log n) and paid once per change. HTTP children were seeded straight into
the memory store (10,000 orders in ${h10k.seedMs} ms), keep-alive fetch, one request at a time, ≤ 4 s each.
${notes.length ? `\n## Notes\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
console.log(report);
writeFileSync(path.resolve('bench/reports/queue-fanout.md'), report);
process.exit(0);
