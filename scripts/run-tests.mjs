// `npm test`: type-check, then the test phases, then one closing line
// `Tests: N passed, N failed, N skipped` over all of them (CI reads that line). "failed"
// counts failed tests and failed suites (a file that threw on import or whose setup failed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = (name) => path.join('node_modules', '.bin', name);
const extra = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

if (!extra.length) {
  process.stdout.write('Type-checking…\n');
  if (run(bin('tsc'), ['-p', 'tsconfig.json']) !== 0) process.exit(1);
}

const out = mkdtempSync(path.join(tmpdir(), 'canteen-tests-'));
const phases = [
  { name: 'main', config: 'vitest.config.ts' },
  { name: 'serial (broker restarts)', config: 'vitest.serial.config.ts' },
];
const totals = { passed: 0, failed: 0, skipped: 0 };
// Test files that failed with no failed test to show for it: one that threw on import (what
// REQUIRE_INFRA=1 does when a store is missing) or whose beforeAll failed (its tests are then
// reported as skipped). Each counts as one failure, or the closing line would say "0 failed".
const failedSuites = [];
let exitCode = 0;
for (const phase of phases) {
  process.stdout.write(`\n=== test phase: ${phase.name} ===\n`);
  const report = path.join(out, `${phase.config}.json`);
  const status = run(bin('vitest'), [
    'run', '--config', phase.config, '--passWithNoTests',
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra,
  ]);
  if (status !== 0) exitCode = status;
  let json;
  try {
    json = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    failedSuites.push({ name: `the ${phase.name} phase (vitest wrote no report; exit code ${status})`, why: '' });
    continue;
  }
  totals.passed += json.numPassedTests;
  totals.failed += json.numFailedTests;
  totals.skipped += json.numPendingTests + json.numTodoTests;
  for (const file of json.testResults ?? []) {
    if (file.status !== 'failed') continue;
    if ((file.assertionResults ?? []).some((test) => test.status === 'failed')) continue;
    failedSuites.push({ name: path.relative(process.cwd(), file.name), why: String(file.message ?? '').split('\n')[0] });
  }
}
totals.failed += failedSuites.length;
if (failedSuites.length) {
  process.stdout.write(`\nFailed suites (counted in "failed" below; their tests did not run):\n`);
  for (const suite of failedSuites) process.stdout.write(`  ${suite.name}${suite.why ? `: ${suite.why}` : ''}\n`);
}
if (totals.failed > 0) exitCode ||= 1;
const suites = failedSuites.length ? ` (${failedSuites.length} of them failed suites)` : '';
process.stdout.write(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${suites}\n`);
process.exit(exitCode);
