import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterCount, duplicates } from './checker.ts';
import { faults, runPhase, startChaos, tableRow, TABLE_HEADER, type Chaos, type Fault, type PhaseResult } from './suite.ts';

/**
 * The chaos suite, short: the canteen in distributed mode on private MariaDB, Redis and
 * RabbitMQ servers (started here, on their own ports and folders: the shared ones are never
 * touched), a steady stream of retrying students, and one fault per phase. After each fault
 * the stores themselves must show every accepted order confirmed, paid and queued once.
 * The full run (60 s of 50 orders/s per fault, every service killed in turn) is `npm run chaos`.
 */
// The drain window bounds a hung run; it is not a speed goal (drains here take seconds).
const PHASE = { rate: 10, seconds: 6, faultAtMs: 1500, drainWindowMs: 180_000, patienceMs: 180_000 };
// Short retry pauses so a retried event is through within seconds (the default spans ten minutes).
const RETRY_DELAYS = '500,1000,2000,4000,8000,15000,30000,60000';

describe('chaos, short: faults under a steady order stream', () => {
  let chaos: Chaos | undefined;
  const table: string[] = [];

  beforeAll(async () => {
    chaos = await startChaos({ customers: 50, busRetryDelaysMs: RETRY_DELAYS });
  }, 240_000);

  afterAll(async () => {
    if (table.length) process.stdout.write(`\n${[...TABLE_HEADER, ...table].join('\n')}\n`);
    await chaos?.teardown();
  }, 120_000);

  const expectNothingLost = (result: PhaseResult) => {
    table.push(tableRow(result));
    const { verdict } = result;
    expect(verdict.accepted, 'orders accepted').toBeGreaterThan(0);
    expect({ lost: verdict.lost, notThrough: verdict.notConfirmed }).toEqual({ lost: 0, notThrough: {} });
    expect(verdict.duplicated).toEqual({ rows: 0, payments: 0, queueEntries: 0, queueNumbers: 0 });
    expect(duplicates(verdict)).toBe(0);
    expect(verdict.stuck).toBe(0);
    expect(verdict.deadLetters).toEqual({});
    expect(deadLetterCount(verdict)).toBe(0);
    expect(result.drainMs, 'drained within the window').toBeDefined();
  };

  const cases: [string, Fault][] = [
    // Stopped, then started at once: the node's own start keeps it away for 7 s or more.
    ['RabbitMQ is stopped and started again', faults.rabbitmq(0)],
    ['the orders service is SIGKILLed and restarted 5 s later', faults.kill('orders')],
    ['MariaDB is stopped for 5 s and started again', faults.mariadb(5000)],
    ['Redis restarts empty', faults.redis()],
  ];
  cases.forEach(([what, fault], index) => {
    it(`when ${what} under load, then no accepted order is lost, duplicated or stuck`, async () => {
      expectNothingLost(await runPhase(chaos!, `s${index}`, fault, PHASE));
    }, 240_000);
  });
});
