import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { infraRequired } from '../../packages/service-kit/src/testing/index.ts';
import { freePort, ROOT, spawnService, type ChildService } from '../order-loop/helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const PHONE = { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-IN' };

export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${CHROMIUM} is missing (apt-get install -y --no-install-recommends chromium)`;
  if (infraRequired()) throw new Error(`${reason}, and REQUIRE_INFRA=1 forbids skipping the browser tests`);
  process.stderr.write(`SKIPPED: ${what} — ${reason} (set REQUIRE_INFRA=1 to make this a failure)\n`);
  return false;
}

export interface Canteen {
  url: string;
  service: ChildService;
  stop(): Promise<void>;
}

/**
 * The canteen as `npm start` runs it: the student app built if missing or stale (as the
 * npm start/test hooks do), then the launcher on embedded stores with the demo menu and
 * accounts, every port and the data folder its own.
 */
export async function startCanteen(extraEnv: Record<string, string> = {}): Promise<Canteen> {
  execFileSync(process.execPath, ['scripts/ensure-web-apps.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'canteen-pwa-'));
  const ports = { BFF_PORT: 0, USERS_PORT: 0, MENU_PORT: 0, ORDERS_PORT: 0, QUEUE_PORT: 0, PAYMENTS_PORT: 0 };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  const env = Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)]));
  const service = await spawnService('launcher/src/all-in-one.ts', { ...env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv }, ports.BFF_PORT, '/health',
    // A cold start compiles every service with tsx; on a loaded two-core CI machine that can pass a minute.
    180_000);
  return {
    url: service.url,
    service,
    async stop() {
      await service.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

/** The id DevTools knows the app's service worker registration by. */
export async function registrationIdOf(cdp: CDPSession, scope: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const registration = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
      if (registration) resolve(registration.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}
