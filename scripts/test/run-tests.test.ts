import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(repo, 'scripts', 'run-tests.mjs');

const PASSING = `import { expect, it } from 'vitest';\nit('passes', () => expect(1).toBe(1));\n`;
// What checkInfra does under REQUIRE_INFRA=1 when a store is missing: the file throws on import.
const THROWS_ON_IMPORT = `import { it } from 'vitest';\nthrow new Error('MariaDB is not reachable, and REQUIRE_INFRA=1 forbids skipping its tests');\nit('never runs', () => {});\n`;
const FAILING_BEFORE_ALL = `import { beforeAll, expect, it } from 'vitest';\nbeforeAll(() => { throw new Error('the store did not open'); });\nit('a', () => expect(1).toBe(1));\nit('b', () => expect(1).toBe(1));\n`;
const FAILING_TEST = `import { expect, it } from 'vitest';\nit('fails', () => expect(1).toBe(2));\n`;

/**
 * A throw-away project the way run-tests.mjs expects one (its two vitest configs, the
 * workspace's node_modules), holding only the given suites.
 */
function project(suites: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-tests-fixture-'));
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const config = (include: string) =>
    `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['${include}'], pool: 'forks' } });\n`;
  writeFileSync(path.join(dir, 'vitest.config.ts'), config('suites/**/*.test.ts'));
  writeFileSync(path.join(dir, 'vitest.serial.config.ts'), config('serial/**/*.test.ts'));
  mkdirSync(path.join(dir, 'suites'));
  for (const [name, text] of Object.entries(suites)) writeFileSync(path.join(dir, 'suites', name), text);
  return dir;
}

/** Runs the script there (a path filter skips the type-check), outside this vitest's own env. */
function runTests(dir: string): { status: number | null; closing: string; output: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'));
  const result = spawnSync(process.execPath, [script, 'suites'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  const closing = output.split('\n').filter((line) => line.startsWith('Tests: ')).at(-1) ?? '';
  return { status: result.status, closing, output };
}

describe('scripts/run-tests.mjs: the closing line and the exit code', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const fixture = (suites: Record<string, string>) => {
    const dir = project(suites);
    made.push(dir);
    return dir;
  };

  it('when a suite throws on import and another fails in beforeAll, then both count as failed, are named, and the exit code is 1', () => {
    const run = runTests(fixture({ 'ok.test.ts': PASSING, 'import.test.ts': THROWS_ON_IMPORT, 'setup.test.ts': FAILING_BEFORE_ALL }));

    expect(run.closing).toBe('Tests: 1 passed, 2 failed, 2 skipped (2 of them failed suites)');
    expect(run.status).toBe(1);
    expect(run.output).toContain('suites/import.test.ts: MariaDB is not reachable');
    expect(run.output).toContain('suites/setup.test.ts: the store did not open');
  }, 180_000);

  it('when a test fails, then it counts once (its file is not counted again as a failed suite)', () => {
    const run = runTests(fixture({ 'ok.test.ts': PASSING, 'fails.test.ts': FAILING_TEST }));

    expect(run.closing).toBe('Tests: 1 passed, 1 failed, 0 skipped');
    expect(run.status).toBe(1);
  }, 180_000);

  it('when everything passes, then the line says 0 failed and the exit code is 0', () => {
    const run = runTests(fixture({ 'ok.test.ts': PASSING }));

    expect(run.closing).toBe('Tests: 1 passed, 0 failed, 0 skipped');
    expect(run.status).toBe(0);
  }, 180_000);
});
