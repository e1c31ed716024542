import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from './app-protocol.ts';

let root: string;
let renderer: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kitchen-protocol-'));
  renderer = path.join(root, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Kitchen</title>');
  await writeFile(path.join(renderer, 'assets', 'main-abc123.js'), 'console.info(1)');
  await writeFile(path.join(renderer, 'assets', 'ready.mp3'), Buffer.from([0xff, 0xfb]));
  await writeFile(path.join(renderer, '.env'), 'SECRET=1');
  await writeFile(path.join(root, 'outside.txt'), 'outside');
  handle = createAppProtocolHandler({ rendererDir: renderer, readFile: (file) => readFile(file), bffOrigin: async () => 'http://canteen.local:8080' });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('when the start page is loaded, then index.html comes with the policy naming the BFF', async () => {
    const response = await handle(new Request('app://kitchen/kitchen/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain('connect-src \'self\' http://canteen.local:8080 ws://canteen.local:8080');
    expect(await response.text()).toContain('<title>Kitchen</title>');
  });

  it('when a client-side route is loaded, then it gets index.html too', async () => {
    expect(resolveAppFile(renderer, 'app://kitchen/kitchen/settings')).toBe(path.join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://kitchen/')).toBe(path.join(renderer, 'index.html'));
  });

  it('when an asset is loaded (with or without the /kitchen prefix), then it comes with its type and no policy', async () => {
    const script = await handle(new Request('app://kitchen/kitchen/assets/main-abc123.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBeNull();
    expect(await script.text()).toBe('console.info(1)');
    const sound = await handle(new Request('app://kitchen/assets/ready.mp3'));
    expect(sound.headers.get('content-type')).toBe('audio/mpeg');
  });

  it.each([
    'app://kitchen/kitchen/../../outside.txt',
    'app://kitchen/kitchen/%2e%2e/%2e%2e/outside.txt',
    'app://kitchen/kitchen/assets/..%2f..%2foutside.txt',
    'app://kitchen/kitchen/.env',
    'app://kitchen/kitchen/assets%5c..%5c..%5coutside.txt',
    'app://kitchen/kitchen/missing.js',
    'app://board/kitchen/index.html',
    'app://kitchen/kitchen/%E0%A4%A',
  ])('when %s is asked for, then the answer is 404', async (url) => {
    const response = await handle(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside');
  });

  it('when something is posted, then it is refused', async () => {
    expect((await handle(new Request('app://kitchen/kitchen/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
