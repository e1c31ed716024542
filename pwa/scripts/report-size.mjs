// Prints the JavaScript a first visit downloads (the scripts index.html loads, with their static
// imports) gzipped, and fails the build over the budget (UI.md: 100 kB). Lazy chunks and the
// service worker are not part of a first load.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const BUDGET = 100_000;
const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);

const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(path.join(DIST, file), 'utf8');
  // Static imports only (`import … from "./x.js"` / `import "./x.js"`); `import("./x.js")` is lazy.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)) {
    visit(path.posix.join(path.posix.dirname(file), m[1]));
  }
};
entries.forEach(visit);

let total = 0;
const rows = [...seen].map((file) => {
  const gz = gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;
  total += gz;
  return `  ${file}  ${(gz / 1000).toFixed(1)} kB`;
});
// The rest: screens, Dexie and workbox-window, fetched when used or once the page is idle.
const lazy = readdirSync(path.join(DIST, 'assets'))
  .map((name) => `assets/${name}`)
  .filter((file) => file.endsWith('.js') && !seen.has(file))
  .map((file) => ({ file, gz: gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length }))
  .sort((a, b) => b.gz - a.gz);
const lazyTotal = lazy.reduce((sum, { gz }) => sum + gz, 0);
process.stdout.write(
  `First-load JavaScript, gzipped: ${(total / 1000).toFixed(1)} kB of ${BUDGET / 1000} kB budget (the service worker and lazy chunks load after the first paint)\n${rows.join('\n')}\n` +
    `Lazy chunks, gzipped: ${(lazyTotal / 1000).toFixed(1)} kB in ${lazy.length} files (largest: ${lazy.slice(0, 3).map(({ file, gz }) => `${file} ${(gz / 1000).toFixed(1)} kB`).join(', ')})\n`,
);
if (total > BUDGET) {
  process.stderr.write('Over the first-load budget: move something behind a dynamic import.\n');
  process.exit(1);
}
