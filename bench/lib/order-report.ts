/** The order loop's markdown report: goals with verdicts, every run, CPU, and the broker's limit. */
import type { AmqpBaseline } from './amqp-baseline.ts';
import { describeErrors, errorCount, type OrderLoadResult } from './order-load.ts';
import type { Mode } from './order-systems.ts';
import { ms, type Summary } from './stats.ts';

export interface Goal {
  rate: number;
  p99: number;
}

export interface RunRecord {
  label: string;
  result: OrderLoadResult;
  /** CPU per process during the run, e.g. "bff 95%, orders 60%". */
  cpu: string;
  /** CPU milliseconds per confirmed order per process, e.g. "9.1 ms in all: orders 2.10, …". */
  cpuPerOrder: string;
  /** System calls per confirmed order per process (read- and write-like, from /proc), e.g. "60 in all: orders 20.1, …". */
  syscalls: string;
  /** The deepest backlog of each broker queue during the run (distributed only), e.g. "orders.payment-events 1013". */
  backlog?: string;
  /** Warnings and errors the services logged during the run, one line per process. */
  logs: string[];
}

export interface ModeReport {
  mode: Mode;
  goal: Goal;
  command: string;
  startedAt: Date;
  machine: string;
  loadBefore: string;
  loadAfter: string;
  description: string[];
  itemCount: number;
  tokenCount: number;
  /** The warm-up ramp's rates (orders/s) and each stage's result. */
  warmUp: OrderLoadResult[];
  warmUpStages: number[];
  warmUpLogs: string[];
  /** Median placement → confirmed of single orders placed one after another (no load). */
  idleLatencyMs: number;
  goalRun: RunRecord;
  ladder: RunRecord[];
  ladderSeconds: number;
  ladderStoppedBecause: string;
  baseline: (AmqpBaseline & { defaultSocketLatency: Summary; defaultSocketMessages: number }) | { error: string };
}

/**
 * Published per order on the confirm path, counted from the code: order.created and
 * payment.initiated (orders' outbox), payment.success (payments' outbox), order.confirmed
 * (orders' outbox). Three of them are consumed on the way to the customer (payment.initiated
 * by payments, payment.success by orders, order.confirmed by the queue service, which tells
 * the customer's /ws connection).
 */
export const MESSAGES_PER_ORDER = 4;
export const CONSUMED_PER_ORDER = 3;

/** A run keeps up: p99 within the goal, ≥ 95 % of the offered rate confirmed, no order lost. */
export function keepsUp(result: OrderLoadResult, goal: Goal): boolean {
  return result.confirm.p99 <= goal.p99 && result.achievedRate >= 0.95 * result.targetRate && errorCount(result) === 0;
}

export function whyNot(result: OrderLoadResult, goal: Goal): string {
  const reasons: string[] = [];
  if (!(result.confirm.p99 <= goal.p99)) reasons.push(`p99 ${ms(result.confirm.p99)} ms > ${goal.p99} ms`);
  if (result.achievedRate < 0.95 * result.targetRate) {
    reasons.push(`achieved ${result.achievedRate.toFixed(0)}/s < 95 % of ${result.targetRate}/s`);
  }
  if (errorCount(result) > 0) reasons.push(`${errorCount(result)} orders lost`);
  return reasons.join('; ');
}

const verdict = (ok: boolean) => (ok ? 'met' : '**NOT met**');
const quad = (s: { p50: number; p95: number; p99: number; max: number }) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;

function bySecond(result: RunRecord['result']): string {
  return result.bySecond
    .map(({ confirmP99, failed }) => `${Number.isNaN(confirmP99) ? '–' : ms(confirmP99)}${failed ? ` (${failed})` : ''}`)
    .join(' · ');
}

function runRow(run: RunRecord, goal: Goal): string {
  const r = run.result;
  return `| ${run.label} | ${r.targetRate} | ${r.seconds} | ${r.achievedRate.toFixed(0)} | ${r.placed} | ${r.confirmed} | ${errorCount(r)} | ${quad(r.placement)} | ${quad(r.confirm)} | ${r.placed ? (r.polls / r.placed).toFixed(1) : '–'} | ${ms(r.startLagP99)} | ${keepsUp(r, goal) ? 'keeps up' : whyNot(r, goal)} |`;
}

/** The highest confirmed rate of any run, kept up or not: the throughput ceiling seen. */
export function peakRate(report: ModeReport): { rate: number; label: string } {
  let best = { rate: 0, label: 'none' };
  for (const run of [report.goalRun, ...report.ladder]) {
    if (run.result.achievedRate > best.rate) best = { rate: run.result.achievedRate, label: run.label };
  }
  return best;
}

/** The highest confirmed rate among the runs that kept up (0 when none did). */
export function maxSustained(report: ModeReport): { rate: number; label: string } {
  let best = { rate: 0, label: 'none kept up' };
  for (const run of [report.goalRun, ...report.ladder]) {
    if (keepsUp(run.result, report.goal) && run.result.achievedRate > best.rate) best = { rate: run.result.achievedRate, label: run.label };
  }
  return best;
}

export function renderReport(report: ModeReport): string {
  const { goal, goalRun } = report;
  const g = goalRun.result;
  const rateOk = g.targetRate >= goal.rate && g.achievedRate >= 0.95 * g.targetRate && errorCount(g) === 0;
  const p99Ok = g.confirm.p99 <= goal.p99;
  const best = maxSustained(report);
  const lines = [
    `# Order loop benchmark — ${report.mode}`,
    '',
    `- command: \`${report.command}\``,
    `- date: ${report.startedAt.toISOString()}`,
    `- machine: ${report.machine}`,
    `- load average (1/5/15 min) before: ${report.loadBefore}; after: ${report.loadAfter}`,
    ...report.description.map((line) => `- ${line}`),
    `- load: open loop at a fixed rate, from this process over kept-alive node:http connections (a third of fetch()’s CPU per request; the generator shares the cores with the system); each order = \`POST /api/orders/\` through the BFF (own Idempotency-Key, one random item of ${report.itemCount}, payment_method mock, one of ${report.tokenCount} CUSTOMER tokens signed here, each customer holding one authenticated \`/ws\` connection through the BFF as their phone would, and having opened the app once before the warm-up — \`GET /api/me/orders/active\`, as the PWA does on start, so the services have seen each token before its first order as they would at lunch), confirmed when the order's \`queue_update\` reaches its customer's connection; no polling (bounded at 10 s per order; an order not announced by then is looked up once to tell a timeout from another end state). Latencies count from the order's scheduled start, so a late generator or a slow answer both show.`,
    `- warm-up (not counted; right after the system started, so the first stages show its cold start): ${report.warmUp.map((stage, i) => `${report.warmUpStages[i]}/s for ${stage.seconds} s: ${stage.confirmed} confirmed, placed → confirmed p50 ${ms(stage.confirm.p50)} ms, p99 ${ms(stage.confirm.p99)} ms (POST p50 ${ms(stage.placement.p50)} ms), errors: ${describeErrors(stage)}`).join('; ')}`,
    ...report.warmUpLogs.map((line) => `- logged during the warm-up: ${line}`),
    `- one order at a time, after the warm-up (no load): placed → confirmed median ${ms(report.idleLatencyMs)} ms. Between runs the bench waits until three such probe orders in a row confirm within max(50 ms, 2 × that), so no run starts behind on the previous run's backlog.`,
    '',
    '## Goals',
    '',
    '| goal | measured | verdict |',
    '| --- | --- | --- |',
    `| ≥ ${goal.rate} orders/s sustained (offered ${g.targetRate}/s for ${g.seconds} s; ≥ 95 % of it confirmed, none lost) | ${g.achievedRate.toFixed(0)}/s confirmed, ${errorCount(g)} lost | ${verdict(rateOk)} |`,
    `| p99 placement → confirmed ≤ ${goal.p99} ms (at that rate) | p99 ${ms(g.confirm.p99)} ms (p50 ${ms(g.confirm.p50)}, max ${ms(g.confirm.max)}) | ${verdict(p99Ok)} |`,
    '',
    `Highest rate that kept up (p99 ≤ ${goal.p99} ms, ≥ 95 % confirmed, none lost): **${best.rate.toFixed(0)} orders/s** (${best.label}); highest confirmed rate of any run: ${peakRate(report).rate.toFixed(0)} orders/s (${peakRate(report).label}).`,
    '',
    '## Runs',
    '',
    `Goal run for ${g.seconds} s, then "find the max" steps of ${report.ladderSeconds} s, stopped ${report.ladderStoppedBecause}.`,
    'Latencies in ms as p50 / p95 / p99 / max, from the moment the order was due to be sent; "placed → confirmed" ends when the order\'s `queue_update` reaches its customer\'s `/ws` connection (the queue service announces an order when `order.confirmed` reaches it), as the student\'s app learns it. GETs/order counts the requests made only to classify orders that were not announced in time.',
    '',
    '| run | offered/s | s | confirmed/s | placed | confirmed | lost | POST (placement) | placed → confirmed | GETs/order | generator lag p99 | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- |',
    runRow(goalRun, goal),
    ...report.ladder.map((run) => runRow(run, goal)),
    '',
    ...[goalRun, ...report.ladder]
      .filter((run) => describeErrors(run.result) !== 'none')
      .map((run) => `- errors in ${run.label}: ${describeErrors(run.result)}`),
    '',
    ...[goalRun, ...report.ladder].flatMap((run) => run.logs.map((line) => `- logged during ${run.label}: ${line}`)),
    ...([goalRun, ...report.ladder].some((run) => run.logs.length) ? [''] : []),
    '## Second by second',
    '',
    'p99 placed → confirmed in ms of the orders due in each second of the run (refused or lost ones in brackets): a stall of a few seconds looks different from a steady overload.',
    '',
    '| run | by second |',
    '| --- | --- |',
    ...[goalRun, ...report.ladder].map((run) => `| ${run.label} | ${bySecond(run.result)} |`),
    '',
    '## CPU per process during each run (100 % = one core)',
    '',
    '| run | CPU |',
    '| --- | --- |',
    ...[goalRun, ...report.ladder].map((run) => `| ${run.label} | ${run.cpu} |`),
    '',
    '## CPU time per confirmed order',
    '',
    'CPU milliseconds (user + system, from /proc; the load generator from process.cpuUsage) each process spent during the run divided by the orders confirmed in it. It moves with the rate (the services batch what arrives together, so an order costs less at 300/s than at 50/s) and with the machine’s load: compare builds at the same rate, interleaved. On 2 cores, 300 orders/s leaves at most 6.7 ms per order for all processes together.',
    '',
    '| run | CPU ms per order |',
    '| --- | --- |',
    ...[goalRun, ...report.ladder].map((run) => `| ${run.label} | ${run.cpuPerOrder} |`),
    '',
    ...(goalRun.backlog === undefined
      ? []
      : [
          '## Deepest backlog per consumer queue during each run',
          '',
          'Ready messages in the services’ RabbitMQ queues, sampled every 250 ms: the stage that falls behind shows here.',
          '',
          '| run | deepest backlog |',
          '| --- | --- |',
          ...[goalRun, ...report.ladder].map((run) => `| ${run.label} | ${run.backlog ?? 'n/a'} |`),
          '',
        ]),
    '## System calls per confirmed order',
    '',
    'Read- and write-like system calls (`/proc/<pid>/io` syscr + syscw) during each run divided by the orders confirmed in it: on this VM each small socket write and the wake-up it causes costs more CPU than most of what it carries, so fewer, fuller writes are most of what makes an order cheaper.',
    '',
    '| run | system calls per order |',
    '| --- | --- |',
    ...[goalRun, ...report.ladder].map((run) => `| ${run.label} | ${run.syscalls} |`),
    '',
    ...baselineSection(report, best.rate, peakRate(report).rate),
  ];
  return lines.join('\n');
}

function baselineSection(report: ModeReport, keptUpRate: number, peak: number): string[] {
  const b = report.baseline;
  const head = ['## The machine’s limit: a plain RabbitMQ round trip', ''];
  if ('error' in b) return [...head, `Not measured: ${b.error}`, ''];
  // "Our rate": the highest that kept up; when none did, the highest confirmed rate seen.
  const ourRate = keptUpRate > 0 ? keptUpRate : peak;
  const which = keptUpRate > 0 ? 'highest rate that kept up' : 'no run kept up: highest confirmed rate of any run';
  const ratio = (ourRate / b.roundTripRate) * 100;
  const adjusted = ((ourRate * MESSAGES_PER_ORDER) / b.roundTripRate) * 100;
  const consumed = ((ourRate * CONSUMED_PER_ORDER) / b.roundTripRate) * 100;
  return [
    ...head,
    `Plain amqplib (TCP_NODELAY on), no services: a confirm channel publishing ${b.payloadBytes}-byte persistent messages to a fresh durable quorum queue with ${b.window} publishes in flight, a consumer (prefetch ${b.window * 4}) acking each; measured in this run before the system under test started.`,
    '',
    `- round trip (publish → confirm → consume → ack): **${b.roundTripRate.toFixed(0)} messages/s** (${b.messages} messages in ${b.seconds} s)`,
    `- one message at a time, publish → delivered: p50 ${ms(b.latency.p50)} ms, p99 ${ms(b.latency.p99)} ms, max ${ms(b.latency.max)} ms (${b.latencyMessages} sequential messages)`,
    `- the same single-message round trip with amqplib's default socket options (TCP_NODELAY off, Nagle on — why the services' bus sets noDelay): p50 ${ms(b.defaultSocketLatency.p50)} ms, p99 ${ms(b.defaultSocketLatency.p99)} ms (${b.defaultSocketMessages} messages)`,
    `- our rate (${which}) / RabbitMQ round-trip rate = ${ourRate.toFixed(0)} / ${b.roundTripRate.toFixed(0)} = **${ratio.toFixed(1)} %**`,
    `- per order ${MESSAGES_PER_ORDER} messages are published with confirms (order.created, payment.initiated, payment.success, order.confirmed) and ${CONSUMED_PER_ORDER} consumed (payment.initiated → payments, payment.success → orders; order.confirmed → queue, which announces it on /ws): messages-adjusted ratio = ${ourRate.toFixed(0)} × ${MESSAGES_PER_ORDER} / ${b.roundTripRate.toFixed(0)} = **${adjusted.toFixed(1)} %** (counting only the consumed ones: ${consumed.toFixed(1)} %)`,
    `- latency floor on the confirm path: two broker hops in sequence (payment.initiated, payment.success) ≈ 2 × ${ms(b.latency.p50)} = ${ms(2 * b.latency.p50)} ms at p50 (three with order.confirmed → queue), before any HTTP or database; measured for one order at a time here: ${ms(report.idleLatencyMs)} ms`,
    ...(report.mode === 'all-in-one'
      ? ['- all-in-one uses its in-process bus, not RabbitMQ: the ratio says how our whole order path compares with what the broker alone does on this machine.']
      : []),
    '',
  ];
}
