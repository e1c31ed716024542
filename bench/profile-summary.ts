/**
 * Where the CPU went in the profiles a bench wrote (BENCH_PROFILE_DIR, `node --cpu-prof`):
 * self time per module (a package, a node: module, a file of ours, or a native entry such as
 * `writev` or the garbage collector) and per function, for each process's main thread.
 *
 *   npx tsx bench/profile-summary.ts <profile dir> [top=25]
 *
 * Percentages are of the busy time (idle left out). On a loaded machine a sample also counts
 * the time the thread waited for a core, which lands mostly on system calls (a write that wakes
 * the reader): read the shares as where to look, and CPU ms per order (the bench's report) as
 * what it costs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Profile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
  timeDeltas: number[];
}

const [dir, topArg = '25'] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts <profile dir> [top=25]\n');
  process.exit(2);
}
const top = Number(topArg);
/** Threads with less than this much sampled time (the loader's worker after start-up) are left out. */
const MIN_MICROS = 200_000;

function profilesIn(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return profilesIn(full);
    return entry.endsWith('.cpuprofile') ? [full] : [];
  });
}

function moduleOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName || '(native)';
  const pkg = /node_modules\/\.pnpm\/([^/]+)\//.exec(frame.url);
  if (pkg) return `pkg:${pkg[1]!.replace(/@[\d.]+.*$/, '')}`;
  if (frame.url.startsWith('node:')) return frame.url;
  return frame.url.replace(/^file:\/\/\/work\/[^/]+\//, '');
}

const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(8)} ms`;

for (const file of profilesIn(path.resolve(dir))) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  let total = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    total += micros;
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') return;
    busy += micros;
    const module = moduleOf(frame);
    byModule.set(module, (byModule.get(module) ?? 0) + micros);
    const name = frame.url ? `${frame.functionName || '(anonymous)'} ${module}:${frame.lineNumber + 1}` : module;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  if (busy < MIN_MICROS) continue;
  const lines = [`\n${path.relative(dir, file)}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`];
  for (const [title, table] of [['by module', byModule], ['by function', byFunction]] as const) {
    lines.push(`  ${title}:`);
    for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      lines.push(`  ${ms(micros)} ${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${name}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
