/**
 * Child processes and clean-up for benchmarks that start several processes and touch shared
 * infrastructure (a database, broker queues): every child runs in its own process group, so
 * stopping it also stops the node process that `tsx` starts underneath; clean-up steps run in
 * reverse order on a normal end, an exception, SIGINT or SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Child {
  name: string;
  child: ChildProcess;
  /** The process group id (= the pid of the process we spawned). */
  pgid: number;
  /** Warnings and errors the child logged (pino JSON on stdout), by message. */
  logs: Map<string, number>;
}

/** `orders: 12× "handler failed", 3× "…"` for the report; empty when the child logged none. */
export function logSummary(entry: Child, limit = 4): string {
  const total = [...entry.logs.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const top = [...entry.logs].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return `${entry.name}: ${total} warnings/errors (${top.map(([msg, n]) => `${n}× "${msg}"`).join(', ')})`;
}

export function resetLogs(entries: readonly Child[]): void {
  for (const entry of entries) entry.logs.clear();
}

function countLogLines(entry: Child, chunk: string, partial: { rest: string }): void {
  const lines = (partial.rest + chunk).split('\n');
  partial.rest = lines.pop() ?? '';
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      const record = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((record.level ?? 0) < 40) continue;
      const msg = `${record.msg ?? ''}${record.err?.message ? `: ${record.err.message}` : ''}`.slice(0, 160);
      entry.logs.set(msg, (entry.logs.get(msg) ?? 0) + 1);
    } catch {
      // not a log record
    }
  }
}

/**
 * A watchdog in its own process group: it learns each child's group id over a pipe and, when
 * the pipe closes — this process ended, even by SIGKILL (which `tsx` sends a child that does
 * not answer its signal relay within 30 ms) — stops whatever of them still runs.
 */
const REAPER_SOURCE = `
const groups = new Set();
const dirs = new Set();
let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  const lines = buffered.split('\\n');
  buffered = lines.pop();
  for (const line of lines) {
    const [verb, id] = line.split(' ');
    if (verb === 'add') groups.add(Number(id));
    if (verb === 'remove') groups.delete(Number(id));
    if (verb === 'dir') dirs.add(line.slice(4));
  }
});
const signal = (name) => { for (const g of groups) { try { process.kill(-g, name); } catch {} } };
process.stdin.on('end', () => {
  signal('SIGTERM');
  setTimeout(() => {
    signal('SIGKILL');
    for (const dir of dirs) { try { require('node:fs').rmSync(dir, { recursive: true, force: true }); } catch {} }
    process.exit(0);
  }, groups.size ? 15000 : 0);
});
`;
let reaper: ChildProcess | undefined;

function tellReaper(line: string): void {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER_SOURCE], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.unref();
    // The pipe must not keep this process alive either.
    (reaper.stdin as (typeof reaper.stdin & { unref?: () => void }) | null)?.unref?.();
  }
  reaper.stdin?.write(`${line}\n`);
}

type CleanupStep = { name: string; run: () => Promise<void> };
const cleanupSteps: CleanupStep[] = [];
const running = new Set<Child>();
let handlersInstalled = false;
let cleaningUp: Promise<void> | undefined;

/** Store, bus, port and key variables of the services: a benchmark sets what it means, never inherits them. */
const SERVICE_VARIABLES = /^(AMQP_URL|.*_DATABASE_URL|MENU_MONGO_URL|QUEUE_REDIS_URL|.*_DB_PATH|DATA_DIR|JWT_.*|.*_PORT|.*_SERVICE_URL|SEED_DEMO|ADMIN_EMAIL|ADMIN_PASSWORD)$/;

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!SERVICE_VARIABLES.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** A temp folder to remove even if this process is killed outright (then by the watchdog). */
export function removeOnCrash(dir: string): void {
  tellReaper(`dir ${dir}`);
}

/** Registers a step to run at clean-up (last registered runs first). */
export function onCleanup(name: string, run: () => Promise<void>): void {
  installHandlers();
  cleanupSteps.push({ name, run });
}

/** Runs every clean-up step once (stopping children first); safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaningUp ??= (async () => {
    await Promise.allSettled([...running].map((child) => stopChild(child)));
    for (const step of cleanupSteps.reverse()) {
      await step.run().catch((err: unknown) => process.stderr.write(`clean-up "${step.name}" failed: ${String(err)}\n`));
    }
    cleanupSteps.length = 0;
    reaper?.stdin?.end();
  })();
  return cleaningUp;
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const bail = (code: number) => () => {
    process.stderr.write('\nstopping: cleaning up children, database and queues…\n');
    // A second signal, or clean-up that hangs, still ends the run.
    setTimeout(() => process.exit(code), 30_000).unref();
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', bail(130));
  process.once('SIGTERM', bail(143));
  process.on('uncaughtException', (err) => {
    process.stderr.write(`uncaught: ${err.stack ?? String(err)}\n`);
    bail(1)();
  });
  // Last resort (process.exit from elsewhere): no awaiting here, only signals.
  process.on('exit', () => {
    for (const { pgid, child } of running) if (child.exitCode === null) killGroup(pgid, 'SIGKILL');
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns `command args` in its own process group with a clean environment plus `env`, and
 * resolves once `readyUrl` answers 2xx. Fails fast, with the end of its stderr, when the child
 * exits first; gives up after `timeoutMs`.
 */
export async function startChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  timeoutMs = 90_000,
): Promise<Child> {
  installHandlers();
  const child = spawn(command, args, { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  const entry: Child = { name, child, pgid: child.pid, logs: new Map() };
  const partial = { rest: '' };
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => countLogLines(entry, chunk, partial));
  running.add(entry);
  tellReaper(`add ${entry.pgid}`);
  child.once('exit', () => running.delete(entry));
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    for (const line of chunk.split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${stderrTail}`);
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return entry;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(entry);
  throw new Error(`${name} did not become ready at ${readyUrl} within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the child's group (graceful drain), SIGKILL after `graceMs`. */
export async function stopChild(entry: Child, graceMs = 15_000): Promise<void> {
  const { child, pgid } = entry;
  if (child.exitCode !== null || child.signalCode !== null) {
    // The wrapper may be gone while what it started lingers.
    killGroup(pgid, 'SIGKILL');
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  killGroup(pgid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pgid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // tsx exits once its node child has; anything else left in the group goes now.
  killGroup(pgid, 'SIGKILL');
  tellReaper(`remove ${pgid}`);
}

/**
 * Refuses to start when a port is taken: a process left from an earlier run would otherwise
 * answer the readiness check and be measured instead of ours.
 */
export async function assertPortsFree(ports: readonly number[], host = '127.0.0.1'): Promise<void> {
  for (const port of ports) {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', () => reject(new Error(`port ${port} on ${host} is in use; stop what runs there first`)));
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}
