/**
 * The full chaos suite: `npm run chaos` (or `npx tsx bench/chaos.ts [--rate 50] [--seconds 60]`).
 *
 * The canteen in distributed mode on private MariaDB, Redis and RabbitMQ servers of its own
 * (own ports and temp folders; the machine's shared servers are never touched), a steady
 * stream of students ordering and paying through the BFF with retries under one
 * Idempotency-Key each, and per phase one fault in the middle of the load: RabbitMQ stopped,
 * each service SIGKILLed and restarted 5 s later, MariaDB stopped 10 s, Redis restarted empty (first, and
 * again last with the whole run's orders in the kitchen).
 * The services run with the bus's default retry pauses, as deployed. After each phase the
 * checker counts from the stores: accepted, lost, duplicated, stuck, time to drain, dead
 * letters. Prints the table and writes it to bench/reports/chaos.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deadLetterCount, duplicates } from '../e2e/chaos/checker.ts';
import { faults, runPhase, startChaos, tableRow, TABLE_HEADER, type Chaos, type Fault, type PhaseResult } from '../e2e/chaos/suite.ts';
import { SERVICES } from '../e2e/chaos/system.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    report: { type: 'string', default: 'bench/reports/chaos.md' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const phase = { rate, seconds, faultAtMs: Math.round((seconds * 1000) / 4), drainWindowMs: 300_000, patienceMs: 180_000 };

const plan: Fault[] = [
  // First with a small kitchen (the orders of this phase only) …
  faults.redis(),
  // Down 5 s, then the node's own start (about 7 s on a quiet machine): ~12 s without a broker.
  faults.rabbitmq(5000),
  ...SERVICES.map((service) => faults.kill(service, 5000)),
  faults.mariadb(10_000),
  // … and again last, when the kitchen holds every order of the run (nobody serves the bench's
  // orders: ~27,000): the queue service rebuilds its lost Redis from the orders service's
  // snapshot, page by page, in batches.
  { ...faults.redis(), name: 'Redis restarted (empty), full kitchen' },
];

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const load = () => loadavg().map((n) => n.toFixed(1)).join(' / ');

let chaos: Chaos | undefined;
const bail = (code: number) => () => {
  log('stopping: tearing down the services and the private servers…');
  setTimeout(() => process.exit(code), 60_000).unref();
  void (chaos?.teardown() ?? Promise.resolve()).finally(() => process.exit(code));
};
process.once('SIGINT', bail(130));
process.once('SIGTERM', bail(143));

const startedAt = new Date();
const loadBefore = load();
const results: PhaseResult[] = [];
try {
  log('starting private MariaDB, Redis and RabbitMQ, then the six services…');
  chaos = await startChaos({ customers: 300 });
  log(`up: BFF ${chaos.system.baseUrl}, stores in ${chaos.stores.dir}`);
  for (const [index, fault] of plan.entries()) {
    log(`phase ${index + 1}/${plan.length}: ${fault.name} at ${phase.faultAtMs / 1000} s into ${seconds} s of ${rate} orders/s…`);
    const result = await runPhase(chaos, `p${index}`, fault, phase);
    results.push(result);
    log(tableRow(result));
  }
} finally {
  await chaos?.teardown();
}

const clean = results.every((r) => r.verdict.lost === 0 && duplicates(r.verdict) === 0 && r.verdict.stuck === 0 && r.drainMs !== undefined);
const table = [...TABLE_HEADER, ...results.map(tableRow)].join('\n');
const report = `# Chaos suite

${startedAt.toISOString()}, \`npx tsx bench/chaos.ts --rate ${rate} --seconds ${seconds}\` (\`npm run chaos\`). Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${load()} on ${'2'} shared cores.

- **System**: distributed mode, each of users, menu, payments, queue, orders and the BFF a process of its own; orders on a private MariaDB, the queue on a private Redis (no persistence), the bus a private RabbitMQ node, menu and payments on SQLite, users on PGlite. The bus's default retry pauses (as deployed).
- **Load**: ${rate} orders/s for ${seconds} s per phase from 300 students; each places an order (card) with an Idempotency-Key and pays it (POST /api/payments/), retrying the same request on a network error, 5xx, 429 or IDEMPOTENCY_IN_PROGRESS with growing pauses (0.2 s to 4 s) for up to ${phase.patienceMs / 1000} s.
- **Fault**: ${phase.faultAtMs / 1000} s into the load; *outage* is from the fault until what was stopped answered again.
- **Counted from the stores** once the phase drained (or after ${phase.drainWindowMs / 1000} s): *accepted* = place answered 2xx; *lost* = accepted but no order row, or not confirmed + paid + in the kitchen queue; *duplicated* = order rows for one key / successful payments for one order / a queue entry numbered unlike its order / a queue number given twice; *stuck* = paid but not confirmed, or confirmed but not in the queue; *drain* = end of the load until no order of the phase was on its way (all through, outboxes empty, no message waiting on the broker); *dead letters* on every consumer's \`.dead\` queue.

${table}

${clean ? 'Every phase: 0 lost, 0 duplicated, 0 stuck, drained.' : '**Not clean**: see the rows above.'}
${results.some((r) => deadLetterCount(r.verdict) > 0) ? '\nDead letters were left: `npm run dead-letters` lists and redrives them.\n' : ''}`;
writeFileSync(path.resolve(values.report), report);
process.stdout.write(`\n${table}\n\nwritten to ${values.report}\n`);
process.exit(clean ? 0 : 1);
