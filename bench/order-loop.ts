/**
 * Orders placed through the BFF until confirmed, on the real stores of this machine, against
 * the machine's limit measured in the same run. Each of the 1,000 bench customers holds a
 * `/ws` connection, as their phones would: an order counts as confirmed when the queue
 * service announces it there (it does on `order.confirmed`), with no polling.
 *
 *   npx tsx bench/order-loop.ts [all-in-one|distributed|both] [seconds=10] [rate]
 *
 * 1. measures a plain RabbitMQ publish-confirm-consume round trip (amqplib, quorum queue);
 * 2. per mode, starts the system (all-in-one: one process on embedded stores; distributed:
 *    menu, payments, orders, BFF as processes on RabbitMQ, MariaDB and SQLite), warms it up,
 *    offers `rate` orders/s (default: the mode's goal) for `seconds`, then steps up the rate
 *    (50, 100, 200, 300, 500, …; each step max(3, seconds/2) s) until p99 exceeds the goal or
 *    fewer than 95 % of the offered orders are confirmed;
 * 3. prints a markdown report and writes it to bench/reports/order-loop-<mode>.md.
 * Goals (the issue): distributed ≥ 300 orders/s with p99 placement → confirmed ≤ 250 ms;
 * all-in-one ≥ 500 orders/s with p99 ≤ 100 ms.
 *
 * Broker and stores: BENCH_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672),
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306, or `?socketPath=…` for a Unix socket;
 * a database is created and dropped) and
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379/9, a database index emptied before and after).
 * BENCH_PROFILE_DIR=dir: the system's processes write CPU profiles there (`node --cpu-prof`);
 * `npx tsx bench/profile-summary.ts dir` sums them up by module and function.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, type } from 'node:os';
import path from 'node:path';
import { createTokenSigner } from '../packages/service-kit/src/auth/jwt.ts';
import { generateSigningKeyPair } from '../packages/service-kit/src/auth/keys.ts';
import { measureAmqpBaseline } from './lib/amqp-baseline.ts';
import { cleanup, logSummary, resetLogs } from './lib/children.ts';
import { formatBacklog } from './lib/backlog.ts';
import { cpuMsPerOrder, cpuPercent, formatCpu, formatCpuMs, formatSyscalls, sampleCpu, syscallsPerOrder } from './lib/cpu.ts';
import { requestJson } from './lib/http-client.ts';
import { openConfirmationFeed, type ConfirmationFeed } from './lib/order-confirmations.ts';
import { describeErrors, probeOrder, runOrderLoad, settle, type OrderLoadOptions, type OrderLoadResult } from './lib/order-load.ts';
import { keepsUp, maxSustained, renderReport, whyNot, type Goal, type ModeReport, type RunRecord } from './lib/order-report.ts';
import { startAllInOne, startDistributed, type Mode, type SystemKeys, type SystemUnderTest } from './lib/order-systems.ts';

const GOALS: Record<Mode, Goal> = { 'all-in-one': { rate: 500, p99: 100 }, distributed: { rate: 300, p99: 250 } };
const LADDER = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000];
/**
 * Not counted: a ramp to half the goal rate, 10 s a stage, so the goal run meets code that the
 * JIT has compiled and stores that have seen writes, as a canteen's lunch rush does (the
 * services have run all morning). A cold start straight into the goal rate is a different
 * question (how fast the first seconds after a deploy are) and is not what "sustained" asks.
 * 10 s, not 3: five freshly started processes on a fresh database and fresh queues stay slow
 * for about half a minute (measured: with 3 s stages the last one, at half the goal rate, ran
 * at p50 50–120 ms against 13–40 ms later in the same run, and the goal run measured that).
 * The report gives every stage's figures, so the cold start stays visible.
 */
const warmUpStages = (goalRate: number): number[] => [50, Math.round(goalRate / 4), Math.round(goalRate / 2)].filter((rate, i, all) => i === 0 || rate > all[i - 1]!);
const WARM_UP_STAGE_SECONDS = 10;
const CUSTOMERS = 1000;

const usage = 'usage: npx tsx bench/order-loop.ts [all-in-one|distributed|both] [seconds=10] [rate]';
const [modeArg = 'both', secondsArg = '10', rateArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const rateOverride = rateArg === undefined ? undefined : Number(rateArg);
if (!['all-in-one', 'distributed', 'both'].includes(modeArg) || !(seconds > 0 && seconds <= 600)) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
if (rateOverride !== undefined && !(rateOverride > 0 && rateOverride <= 10_000)) {
  process.stderr.write(`rate must be between 1 and 10000 orders/s\n${usage}\n`);
  process.exit(2);
}
const modes: Mode[] = modeArg === 'both' ? ['all-in-one', 'distributed'] : [modeArg as Mode];
const ladderSeconds = Math.max(3, Math.ceil(seconds / 2));
const command = ['npx tsx bench/order-loop.ts', ...process.argv.slice(2)].join(' ');
const amqpUrl = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
// A database index of the bench's own: it is emptied before and after each run.
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${type()} ${release()}, Node ${process.version}`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');
const log = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function makeKeys(): Promise<{ keys: SystemKeys; tokens: string[] }> {
  const pair = generateSigningKeyPair();
  const signer = await createTokenSigner(pair.privateKey, { ttlSeconds: 3600 });
  const admin = await signer.sign({ userId: '900001', email: 'bench-admin@canteen.local', role: 'ADMIN' });
  const tokens: string[] = [];
  for (let i = 1; i <= CUSTOMERS; i++) {
    tokens.push((await signer.sign({ userId: String(100_000 + i), email: `bench-${i}@canteen.local`, role: 'CUSTOMER' })).token);
  }
  return { keys: { ...pair, adminToken: admin.token }, tokens };
}

/**
 * What the PWA does when a student opens it, before any order: its active orders (the BFF and
 * the orders service each see the student's token for the first time here, not at the order).
 * 20 customers at a time.
 */
async function openApps(baseUrl: string, tokens: string[]): Promise<void> {
  for (let i = 0; i < tokens.length; i += 20) {
    await Promise.all(
      tokens.slice(i, i + 20).map(async (token) => {
        const response = await requestJson(`${baseUrl}/api/me/orders/active`, { headers: { authorization: `Bearer ${token}` }, timeoutMs: 10_000 });
        if (response.status !== 200) throw new Error(`GET /api/me/orders/active answered ${response.status}`);
      }),
    );
  }
}

/** Median placement → confirmed of single orders one after another, right after the warm-up. */
async function idleLatency(base: Pick<OrderLoadOptions, 'baseUrl' | 'tokens' | 'items' | 'feed'>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push(await probeOrder(base));
  return times.sort((a, b) => a - b)[3]!;
}

async function measured(label: string, system: SystemUnderTest, options: OrderLoadOptions): Promise<RunRecord> {
  log(`  ${label}: ${options.rate}/s for ${options.seconds} s…`);
  resetLogs(system.children);
  const before = sampleCpu(system.cpuTargets);
  const watch = await system.watchBacklog?.();
  const result = await runOrderLoad(options);
  const after = sampleCpu(system.cpuTargets);
  const backlog = watch ? formatBacklog(await watch.stop()) : undefined;
  const cpu = formatCpu(cpuPercent(before, after));
  const syscalls = formatSyscalls(syscallsPerOrder(before, after, result.confirmed));
  const cpuPerOrder = formatCpuMs(cpuMsPerOrder(before, after, result.confirmed));
  const logs = system.children.map((child) => logSummary(child)).filter(Boolean);
  log(
    `    → ${result.achievedRate.toFixed(0)}/s confirmed, p99 ${result.confirm.p99.toFixed(0)} ms, errors: ${describeErrors(result)}; CPU: ${cpu}; CPU ms/order: ${cpuPerOrder}; system calls/order: ${syscalls}${backlog ? `; deepest backlog: ${backlog}` : ''}`,
  );
  for (const line of logs) log(`    ${line}`);
  return { label, result, cpu, cpuPerOrder, syscalls, ...(backlog ? { backlog } : {}), logs };
}

async function runMode(mode: Mode, keys: SystemKeys, tokens: string[], baseline: ModeReport['baseline']): Promise<ModeReport> {
  const goal = GOALS[mode];
  const startedAt = new Date();
  const loadBefore = load();
  log(`\n[${mode}] starting…`);
  const system = mode === 'all-in-one' ? await startAllInOne(keys) : await startDistributed(keys, amqpUrl, mysqlUrl, redisUrl);
  let feed: ConfirmationFeed | undefined;
  try {
    log(`[${mode}] up at ${system.baseUrl}; ${tokens.length} customers connect to /ws…`);
    feed = await openConfirmationFeed(system.baseUrl, tokens);
    log(`[${mode}] each customer opens the app: GET /api/me/orders/active…`);
    await openApps(system.baseUrl, tokens);
    const base = { baseUrl: system.baseUrl, tokens, items: system.items, feed };
    log(`[${mode}] ${system.items.length} orderable items; warm-up…`);
    resetLogs(system.children);
    const goalRate = rateOverride ?? goal.rate;
    const stages = warmUpStages(goalRate);
    const warmUp: OrderLoadResult[] = [];
    for (const rate of stages) {
      if (warmUp.length) await settle(base, 1000);
      const stage = await runOrderLoad({ ...base, rate, seconds: WARM_UP_STAGE_SECONDS });
      warmUp.push(stage);
      log(`  warm-up ${rate}/s: ${stage.confirmed} confirmed, p50 ${stage.confirm.p50.toFixed(0)} ms, p99 ${stage.confirm.p99.toFixed(0)} ms`);
    }
    const warmUpLogs = system.children.map((child) => logSummary(child)).filter(Boolean);
    for (const line of warmUpLogs) log(`    ${line}`);
    // Between runs: a second's pause, then until single orders confirm about as fast as when idle.
    const idle = await idleLatency(base);
    log(`  one order at a time: placed → confirmed median ${idle.toFixed(0)} ms`);
    const idleMs = Math.max(50, 2 * idle);
    const rest = async () => {
      await pause(1000);
      const waited = await settle(base, idleMs);
      if (waited > 1000) log(`    (waited ${(waited / 1000).toFixed(1)} s for the system to drain)`);
    };
    await rest();
    const goalRun = await measured(`goal run ${goalRate}/s`, system, { ...base, rate: goalRate, seconds });

    const ladder: RunRecord[] = [];
    let stoppedBecause = `after the last step (${LADDER.at(-1)}/s)`;
    for (const rate of LADDER) {
      await rest();
      const step = await measured(`step ${rate}/s`, system, { ...base, rate, seconds: ladderSeconds });
      ladder.push(step);
      if (!keepsUp(step.result, goal)) {
        stoppedBecause = `at ${rate}/s: ${whyNot(step.result, goal)}`;
        break;
      }
    }
    return {
      mode,
      goal,
      command,
      startedAt,
      machine,
      loadBefore,
      loadAfter: load(),
      description: system.description,
      itemCount: system.items.length,
      tokenCount: tokens.length,
      warmUp,
      warmUpStages: stages,
      warmUpLogs,
      idleLatencyMs: idle,
      goalRun,
      ladder,
      ladderSeconds,
      ladderStoppedBecause: stoppedBecause,
      baseline,
    };
  } finally {
    if (feed?.dropped()) log(`  ${feed.dropped()} /ws connections dropped during the run`);
    feed?.close();
    log(`[${mode}] stopping…`);
    await system.stop();
  }
}

async function main(): Promise<void> {
  const { keys, tokens } = await makeKeys();
  log(`measuring the plain RabbitMQ round trip at ${amqpUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}…`);
  let baseline: ModeReport['baseline'];
  try {
    const limit = await measureAmqpBaseline(amqpUrl, { seconds: 5, window: 64, latencyMessages: 500, noDelay: true });
    log(`  → ${limit.roundTripRate.toFixed(0)} messages/s; single message p50 ${limit.latency.p50.toFixed(2)} ms`);
    // The same single-message round trip with amqplib's default socket (Nagle on), as the services connect.
    const withNagle = await measureAmqpBaseline(amqpUrl, { seconds: 0, latencyMessages: 200, noDelay: false });
    log(`  → with amqplib's default socket options: p50 ${withNagle.latency.p50.toFixed(2)} ms`);
    baseline = { ...limit, defaultSocketLatency: withNagle.latency, defaultSocketMessages: withNagle.latencyMessages };
  } catch (err) {
    baseline = { error: `RabbitMQ at ${amqpUrl} could not be used (${err instanceof Error ? err.message : String(err)})` };
    log(`  → ${baseline.error}`);
  }

  const reportsDir = path.resolve('bench/reports');
  mkdirSync(reportsDir, { recursive: true });
  const outputs: string[] = [];
  for (const mode of modes) {
    const report = await runMode(mode, keys, tokens, baseline);
    const text = renderReport(report);
    const file = path.join(reportsDir, `order-loop-${mode}.md`);
    writeFileSync(file, `${text}\n`);
    outputs.push(text, `(written to ${path.relative(process.cwd(), file)})`, '');
    log(`[${mode}] highest rate that kept up: ${maxSustained(report).rate.toFixed(0)}/s`);
  }
  process.stdout.write(`\n${outputs.join('\n')}\n`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`order loop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
