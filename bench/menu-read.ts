/**
 * Menu reads through the BFF against the machine's limit, in one run.
 *
 *   npx tsx bench/menu-read.ts [seconds=10] [connections=50]
 *
 * 1. starts `npm start`'s all-in-one (BFF + services, demo menu) on a fresh data folder;
 * 2. fetches GET /api/menu/items once and starts a bare Express route serving that same JSON
 *    in its own process (the limit of "serve this JSON" on this machine), plus the same bytes
 *    pre-serialized (the floor: Node's HTTP stack alone);
 * 3. loads each in turn with autocannon and prints req/s, latency and the ratio.
 * Goal (issue #3): the BFF's menu reaches at least 70 % of the plain route's requests/s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { load, startProcess, stopProcess, table } from './lib/harness.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const tsx = path.resolve('node_modules/.bin/tsx');
const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-bench-'));
const ports = { bff: 18080, users: 18081, menu: 18082, plain: 18090 };

const system = await startProcess(
  tsx,
  ['launcher/src/all-in-one.ts'],
  {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BFF_PORT: String(ports.bff),
    USERS_PORT: String(ports.users),
    MENU_PORT: String(ports.menu),
  },
  `http://127.0.0.1:${ports.bff}/api/menu/items`,
);
const menuUrl = `http://127.0.0.1:${ports.bff}/api/menu/items`;
const body = await (await fetch(menuUrl)).text();
const bodyFile = path.join(dataDir, 'menu.json');
writeFileSync(bodyFile, body);
const plain = await startProcess(
  tsx,
  ['bench/lib/plain-json-server.ts', String(ports.plain), bodyFile],
  {},
  `http://127.0.0.1:${ports.plain}/api/menu/items`,
);

try {
  // A short warm-up of each (JIT, caches), then the measured runs.
  await load('warm-up', `http://127.0.0.1:${ports.plain}/api/menu/items`, 2, connections);
  await load('warm-up', menuUrl, 2, connections);
  const plainResult = await load('plain Express route, same JSON', `http://127.0.0.1:${ports.plain}/api/menu/items`, seconds, connections);
  const rawResult = await load('raw: pre-serialized bytes, bare HTTP', `http://127.0.0.1:${ports.plain}/raw`, seconds, connections);
  const bffResult = await load('GET /api/menu/items through the BFF', menuUrl, seconds, connections);
  const ratio = bffResult.requestsPerSecond / plainResult.requestsPerSecond;
  process.stdout.write(
    [
      '',
      `# Menu read benchmark — ${new Date().toISOString()}`,
      `command: npx tsx bench/menu-read.ts ${seconds} ${connections}`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      `body: ${Buffer.byteLength(body)} bytes, ${JSON.parse(body).length} items; ${connections} connections, ${seconds} s each`,
      '',
      table([plainResult, rawResult, bffResult]),
      '',
      `BFF / plain = ${(ratio * 100).toFixed(1)} % (goal ≥ 70 %) — ${ratio >= 0.7 ? 'met' : 'NOT met'}`,
      `BFF / raw   = ${((bffResult.requestsPerSecond / rawResult.requestsPerSecond) * 100).toFixed(1)} %`,
      '',
    ].join('\n'),
  );
} finally {
  await stopProcess(plain);
  await stopProcess(system);
  rmSync(dataDir, { recursive: true, force: true });
}
