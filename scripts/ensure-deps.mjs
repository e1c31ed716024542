// Installs the workspace's packages when they are missing or older than the lockfile, then
// builds the web apps when their build is missing or stale (ensure-web-apps.mjs), so that
// `npm start` and `npm test` work on a fresh clone with nothing but Node.js and npm.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const PNPM = '12.4.2';
const marker = 'node_modules/.modules.yaml';
const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync('pnpm-lock.yaml').mtimeMs;
if (!fresh) install();
await import('./ensure-web-apps.mjs');

function install() {
  const env = { ...process.env };
  // Native addons (better-sqlite3) build against the local Node headers instead of downloading them.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  env.COREPACK_ENABLE_STRICT = '0';
  // pnpm builds native addons with node-gyp; npm ships one, on PATH only inside npm scripts.
  const npmGyp = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/node-gyp-bin');
  if (existsSync(npmGyp)) env.PATH = `${env.PATH ?? ''}${path.delimiter}${npmGyp}`;

  const local = 'node_modules/.bin/pnpm';
  const [cmd, args] = existsSync(local)
    ? [local, []]
    : ['npx', ['--yes', `pnpm@${PNPM}`]];
  process.stderr.write(`Installing the workspace's packages with pnpm ${PNPM}…\n`);
  execFileSync(cmd, [...args, 'install', '--frozen-lockfile'], { stdio: 'inherit', env });
}
