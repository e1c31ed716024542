import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { login, loginResponse, running, startCanteen, stop } from './canteen.ts';

/**
 * Security review of `npm start` and the image: demo accounts (public passwords, an ADMIN
 * among them) exist only while demo data is on, never by default in production; and only the
 * BFF faces the network when the launcher is bound to 0.0.0.0.
 */
const dirs: string[] = [];
afterAll(async () => {
  for (const service of running) await service.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'canteen-demo-'));
  dirs.push(dir);
  return dir;
};

const demoAdmin = ['admin@canteen.local', 'canteen-admin'] as const;
const demoStudent = ['student@canteen.local', 'canteen-student'] as const;

/** Local addresses of the TCP sockets listening on `port`, from the kernel's own table. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue; // 0A: LISTEN
      const hex = local.slice(0, -5);
      addresses.push(
        hex.length === 8
          ? hex.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join('.')
          : hex === '0'.repeat(32) ? '::' : `ipv6:${hex}`,
      );
    }
  }
  return addresses;
}

describe('demo accounts and what listens on the network (all-in-one)', () => {
  it('when NODE_ENV=production and SEED_DEMO is not set, then no demo account exists, the configured admin can sign in, and with HOST=0.0.0.0 only the BFF listens on every interface', async () => {
    const canteen = await startCanteen(freshDir(), {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      ADMIN_EMAIL: 'boss@canteen.example',
      ADMIN_PASSWORD: 'a-long-private-passphrase',
    });
    expect((await loginResponse(canteen.url, ...demoAdmin)).status).toBe(401);
    expect((await loginResponse(canteen.url, ...demoStudent)).status).toBe(401);
    expect((await login(canteen.url, 'boss@canteen.example', 'a-long-private-passphrase')).token).toEqual(expect.any(String));
    expect(canteen.output()).not.toContain('canteen-admin');

    const { BFF_PORT, ...services } = canteen.ports;
    expect(listeningAddresses(BFF_PORT)).toContain('0.0.0.0');
    for (const [name, port] of Object.entries(services)) {
      expect({ name, addresses: listeningAddresses(port) }).toEqual({ name, addresses: ['127.0.0.1'] });
    }
    expect(await stop(canteen)).toBe(0);
  }, 90_000);

  it('when NODE_ENV=production asks for SEED_DEMO=true, then the demo accounts exist and start-up warns loudly', async () => {
    const canteen = await startCanteen(freshDir(), { NODE_ENV: 'production', SEED_DEMO: 'true' });
    expect((await loginResponse(canteen.url, ...demoAdmin)).status).toBe(200);
    expect(canteen.output()).toMatch(/WARNING: SEED_DEMO=true with NODE_ENV=production/);
    expect(await stop(canteen)).toBe(0);
  }, 90_000);

  it('when demo data is turned off after a demo run, then the demo accounts are disabled with their sessions, and come back when it is on again', async () => {
    const dataDir = freshDir();
    const demo = await startCanteen(dataDir);
    expect((await login(demo.url, ...demoAdmin)).token).toEqual(expect.any(String));
    const session = (await (await loginResponse(demo.url, ...demoStudent)).json()) as { refreshToken: string };
    expect(await stop(demo)).toBe(0);

    const production = await startCanteen(dataDir, { SEED_DEMO: 'false' });
    const refused = await loginResponse(production.url, ...demoAdmin);
    expect(refused.status).toBe(401);
    expect((await loginResponse(production.url, ...demoStudent)).status).toBe(401);
    const refresh = await fetch(`${production.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(refresh.status).toBe(401);
    expect(await stop(production)).toBe(0);

    const again = await startCanteen(dataDir);
    expect((await loginResponse(again.url, ...demoStudent)).status).toBe(200);
    expect(await stop(again)).toBe(0);
  }, 240_000);
});
