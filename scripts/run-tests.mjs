// `npm test`: type-check, then the test phases, then one closing line
// `Tests: N passed, N failed, N skipped` over all of them (CI reads that line).
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
let exitCode = 0;
for (const phase of phases) {
  process.stdout.write(`\n=== test phase: ${phase.name} ===\n`);
  const report = path.join(out, `${phase.config}.json`);
  const status = run(bin('vitest'), [
    'run', '--config', phase.config, '--passWithNoTests',
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra,
  ]);
  if (status !== 0) exitCode = status;
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } catch {
    exitCode ||= 1;
  }
}
process.stdout.write(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(exitCode);
