// Builds the web apps the BFF serves when their build is missing or older than their sources,
// so `npm start` and `npm test` on a fresh clone serve the student app and the admin panel with no extra command.
// The build output is not committed (.gitignore: dist/).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const APPS = [
  {
    name: 'student app (pwa/)',
    dir: 'pwa',
    output: 'pwa/dist/index.html',
    // Everything the build reads: its sources, config and assets, and the packages it bundles.
    sources: ['pwa/src', 'pwa/public', 'packages/ui', 'pwa/index.html', 'pwa/vite.config.ts', 'pwa/package.json', 'pwa/tsconfig.json', 'packages/client/src', 'packages/contracts/src', 'pnpm-lock.yaml'],
  },
  {
    name: 'admin panel (admin/)',
    dir: 'admin',
    output: 'admin/dist/index.html',
    sources: ['admin/src', 'packages/ui', 'admin/index.html', 'admin/vite.config.ts', 'admin/package.json', 'admin/tsconfig.json', 'packages/client/src', 'packages/contracts/src', 'pnpm-lock.yaml'],
  },
];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === 'node_modules' || child.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

const pnpm = existsSync('node_modules/.bin/pnpm') ? ['node_modules/.bin/pnpm', []] : ['npx', ['--yes', 'pnpm@12.4.2']];
for (const app of APPS) {
  const built = existsSync(app.output) ? statSync(app.output).mtimeMs : 0;
  const changed = Math.max(...app.sources.map(newestMtime));
  if (built && built >= changed) continue;
  process.stderr.write(`Building the ${app.name}: ${built ? 'its sources changed since the last build' : 'no build yet'}…\n`);
  // A production build whoever calls (vitest sets NODE_ENV=test, which would bundle React's
  // development build and break the size budget).
  execFileSync(pnpm[0], [...pnpm[1], '--dir', app.dir, 'run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
