import { listPackage, extractFile } from '@electron/asar';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Packages the desktop app the way `pnpm package` does, for Linux as an unpacked folder. No
 * Electron binary can be had here (see TOOLCHAIN.md), so electron-builder gets a stub
 * executable named `electron` as its Electron distribution and the version from the installed
 * electron package. Every download URL points at a closed local port: the test fails rather
 * than fetch anything.
 */
const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(appDir, '..');
const rendererIndex = path.join(appDir, 'dist', 'renderer', 'index.html');
const NOWHERE = 'http://127.0.0.1:9/';

let work: string;
let unpacked: string;
let asarFiles: string[];

async function ensureRenderer(): Promise<void> {
  if (existsSync(rendererIndex)) return;
  const manifest = JSON.parse(await readFile(path.join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!manifest.scripts?.['build:renderer']) {
    throw new Error(
      'staff-desktop/dist/renderer/index.html is missing and staff-desktop/package.json has no "build:renderer" script: ' +
        'the package needs the kitchen renderer. Build it first (scripts/ensure-web-apps.mjs does before the tests).',
    );
  }
  // A production build whoever calls (vitest sets NODE_ENV=test).
  await run(pnpmBin(), ['--dir', appDir, 'run', 'build:renderer'], { env: { ...process.env, NODE_ENV: 'production' }, timeout: 120_000 });
}

const pnpmBin = () => path.join(repoRoot, 'node_modules', '.bin', 'pnpm');

beforeAll(async () => {
  await ensureRenderer();
  await run(process.execPath, [path.join(appDir, 'scripts', 'build-main.mjs')], { cwd: appDir, timeout: 60_000 });

  work = await mkdtemp(path.join(os.tmpdir(), 'kitchen-package-'));
  const electronDist = path.join(work, 'electron-dist');
  await mkdir(electronDist);
  await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stub Electron: no binary can run here" >&2\nexit 1\n');
  await chmod(path.join(electronDist, 'electron'), 0o755);
  const { version: electronVersion } = JSON.parse(await readFile(path.join(appDir, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };

  const output = path.join(work, 'release');
  await run(
    path.join(appDir, 'node_modules', '.bin', 'electron-builder'),
    ['--config', 'electron-builder.yml', '--linux', 'dir', `-c.electronDist=${electronDist}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${output}`],
    {
      cwd: appDir,
      timeout: 150_000,
      env: {
        ...process.env,
        // electron-builder collects production dependencies with pnpm (there are none: esbuild bundled them).
        PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        npm_config_user_agent: 'pnpm/12.4.2 node linux x64',
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        ELECTRON_MIRROR: NOWHERE,
        ELECTRON_BUILDER_BINARIES_MIRROR: NOWHERE,
        HTTP_PROXY: NOWHERE,
        HTTPS_PROXY: NOWHERE,
        http_proxy: NOWHERE,
        https_proxy: NOWHERE,
        NO_PROXY: '',
        no_proxy: '',
        CSC_IDENTITY_AUTO_DISCOVERY: 'false',
        DEBUG: '',
      },
    },
  );
  unpacked = path.join(output, 'linux-unpacked');
  asarFiles = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.replace(/\\/g, '/'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('packaging the desktop app (electron-builder --linux dir)', () => {
  it('when packaged, then linux-unpacked holds the executable and resources/app.asar', async () => {
    expect((await stat(path.join(unpacked, 'canteen-kitchen'))).isFile()).toBe(true);
    expect((await stat(path.join(unpacked, 'resources', 'app.asar'))).size).toBeGreaterThan(0);
  });

  it('when packaged, then app.asar holds main, preload and every file of the renderer, and the entry point it names', async () => {
    expect(asarFiles).toEqual(expect.arrayContaining(['/package.json', '/dist/main/main.cjs', '/dist/preload/preload.cjs', '/dist/renderer/index.html']));
    const rendererFiles = await listFiles(path.join(appDir, 'dist', 'renderer'));
    const packed = asarFiles.filter((entry) => entry.startsWith('/dist/renderer/'));
    expect(rendererFiles.length).toBeGreaterThan(0);
    for (const file of rendererFiles) expect(packed, file).toContain(`/dist/renderer/${file}`);
    const manifest = JSON.parse(extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { main: string };
    expect(asarFiles).toContain(`/${manifest.main}`);
  });

  it('when packaged, then no sources, source maps or node_modules go in', () => {
    expect(asarFiles.filter((entry) => entry.startsWith('/src') || entry.includes('node_modules') || entry.endsWith('.map') || entry.endsWith('.ts'))).toEqual([]);
  });

  it('when packaged, then the sandboxed preload needs nothing but electron at run time', () => {
    const preload = extractFile(path.join(unpacked, 'resources', 'app.asar'), path.join('dist', 'preload', 'preload.cjs')).toString('utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
  });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else if (!entry.name.endsWith('.map')) files.push(relative);
  }
  return files;
}
