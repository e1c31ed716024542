/**
 * CPU use per process during a measurement, read from /proc (Linux; elsewhere it reports
 * nothing): a child we started is counted with its whole process group (`tsx` and the node
 * process under it), a shared server (RabbitMQ, MariaDB) by its command name, this process by
 * process.cpuUsage(). 100 % = one core busy; a single-threaded Node process near 100 % is
 * CPU-bound.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export type CpuTarget = { name: string; pgid: number } | { name: string; comm: string } | { name: string; self: true };

export interface CpuSample {
  at: number;
  seconds: Map<string, number>;
  /** read-like and write-like system calls so far (`/proc/<pid>/io` syscr + syscw), per target. */
  syscalls: Map<string, number>;
}

const hasProc = existsSync('/proc/self/stat');
let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface ProcStat {
  comm: string;
  pgrp: number;
  cpuTicks: number;
  syscalls: number;
}

/** syscr + syscw of a process (all its threads); 0 where /proc/<pid>/io cannot be read. */
function readSyscalls(pid: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/io`, 'utf8');
    const count = (field: string) => Number(new RegExp(`^${field}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return count('syscr') + count('syscw');
  } catch {
    return 0;
  }
}

function readProcStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    const rest = text.slice(close + 2).split(' ');
    // Fields after the command: state ppid pgrp … utime(14th overall) stime(15th).
    stats.push({
      comm: text.slice(open + 1, close),
      pgrp: Number(rest[2]),
      cpuTicks: Number(rest[11]) + Number(rest[12]),
      syscalls: readSyscalls(entry),
    });
  }
  return stats;
}

export function sampleCpu(targets: CpuTarget[]): CpuSample {
  const seconds = new Map<string, number>();
  const syscalls = new Map<string, number>();
  const stats = hasProc ? readProcStats() : [];
  const perTick = 1 / ticksPerSecond();
  for (const target of targets) {
    if ('self' in target) {
      const usage = process.cpuUsage();
      seconds.set(target.name, (usage.user + usage.system) / 1e6);
      if (hasProc) syscalls.set(target.name, readSyscalls('self'));
    } else if (hasProc) {
      const match = 'pgid' in target ? (s: ProcStat) => s.pgrp === target.pgid : (s: ProcStat) => s.comm === target.comm;
      const mine = stats.filter(match);
      seconds.set(target.name, mine.reduce((sum, s) => sum + s.cpuTicks * perTick, 0));
      syscalls.set(target.name, mine.reduce((sum, s) => sum + s.syscalls, 0));
    }
  }
  return { at: performance.now(), seconds, syscalls };
}

/** CPU % of one core per target between two samples, e.g. `bff 97 %`. */
export function cpuPercent(before: CpuSample, after: CpuSample): Map<string, number> {
  const wall = (after.at - before.at) / 1000;
  const result = new Map<string, number>();
  if (wall <= 0) return result;
  for (const [name, end] of after.seconds) {
    const start = before.seconds.get(name);
    if (start !== undefined) result.set(name, ((end - start) / wall) * 100);
  }
  return result;
}

/**
 * CPU milliseconds per confirmed order per target between two samples, e.g. `bff 1.9`. It still
 * moves with the rate and the machine's load (measured: ~9 ms per order at 100/s, ~5 ms at
 * 300/s; more per order on a quiet machine than on a busy one), because the services batch
 * what arrives together: compare builds at the same rate, interleaved, not across moments.
 */
export function cpuMsPerOrder(before: CpuSample, after: CpuSample, orders: number): Map<string, number> {
  const result = new Map<string, number>();
  if (orders <= 0) return result;
  for (const [name, end] of after.seconds) {
    const start = before.seconds.get(name);
    if (start !== undefined) result.set(name, ((end - start) * 1000) / orders);
  }
  return result;
}

export function formatCpuMs(perOrder: Map<string, number>): string {
  if (perOrder.size === 0) return 'n/a';
  const total = [...perOrder.values()].reduce((sum, value) => sum + value, 0);
  return `${total.toFixed(1)} ms in all: ${[...perOrder]
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${value.toFixed(2)}`)
    .join(', ')}`;
}

/** System calls per order per target between two samples, e.g. `bff 12.3`. */
export function syscallsPerOrder(before: CpuSample, after: CpuSample, orders: number): Map<string, number> {
  const result = new Map<string, number>();
  if (orders <= 0) return result;
  for (const [name, end] of after.syscalls) {
    const start = before.syscalls.get(name);
    if (start !== undefined && end > 0) result.set(name, (end - start) / orders);
  }
  return result;
}

export function formatSyscalls(perOrder: Map<string, number>): string {
  if (perOrder.size === 0) return 'n/a';
  const total = [...perOrder.values()].reduce((sum, value) => sum + value, 0);
  return `${total.toFixed(0)} in all: ${[...perOrder]
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${value.toFixed(1)}`)
    .join(', ')}`;
}

export function formatCpu(percent: Map<string, number>): string {
  if (percent.size === 0) return 'n/a';
  return [...percent]
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${value.toFixed(0)}%`)
    .join(', ');
}
