import path from 'node:path';
import type { Logger } from '@canteen/service-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBffConfig } from '../../src/config.ts';
import { REPO_ROOT } from '../../src/static/web-apps.config.ts';
import { webAppRoutes } from '../../src/static/web-apps.routes.ts';
import { fixtureApps } from './fixture-apps.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

describe('where the BFF looks for the built apps', () => {
  it('when nothing is set, then each app is looked for in its folder of this repository, whatever the working directory', () => {
    const config = loadBffConfig({});
    expect(REPO_ROOT.replace(/[\\/]$/, '')).toBe(REPO);
    expect(config.PWA_DIST_DIR).toBe(path.join(REPO, 'pwa/dist'));
    expect(config.ADMIN_DIST_DIR).toBe(path.join(REPO, 'admin/dist'));
    expect(config.KITCHEN_DIST_DIR).toBe(path.join(REPO, 'staff-desktop/dist/renderer'));
    expect(config.BOARD_DIST_DIR).toBe(path.join(REPO, 'staff-desktop/dist/board'));
  });

  it('when a folder is set, then a relative one is taken from the working directory, as DATA_DIR is', () => {
    const config = loadBffConfig({ PWA_DIST_DIR: 'build/pwa', ADMIN_DIST_DIR: '/srv/admin' });
    expect(config.PWA_DIST_DIR).toBe(path.resolve(process.cwd(), 'build/pwa'));
    expect(config.ADMIN_DIST_DIR).toBe('/srv/admin');
  });

  it('when a variable is empty (as compose files leave them), then it means the default', () => {
    expect(loadBffConfig({ KITCHEN_DIST_DIR: '  ' }).KITCHEN_DIST_DIR).toBe(path.join(REPO, 'staff-desktop/dist/renderer'));
  });
});

describe('the start-up log', () => {
  const apps = fixtureApps(['kitchen']);
  afterAll(() => apps.remove());

  it('when the routes are made, then one line says which apps are served from where and which are not built', () => {
    const lines: { fields: { webApps: { name: string; prefix: string; dir: string; built: boolean }[] }; message: string }[] = [];
    const logger = { info: (fields: never, message: string) => lines.push({ fields, message }) } as unknown as Logger;

    webAppRoutes(loadBffConfig(apps.env), logger);

    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields.webApps).toEqual([
      { name: 'admin', prefix: '/admin', dir: apps.dir('admin'), built: false },
      { name: 'kitchen', prefix: '/kitchen', dir: apps.dir('kitchen'), built: true },
      { name: 'board', prefix: '/board', dir: apps.dir('board'), built: false },
      { name: 'pwa', prefix: '/', dir: apps.dir('pwa'), built: false },
    ]);
    expect(lines[0]!.message).toContain(`kitchen at /kitchen from ${apps.dir('kitchen')}`);
    expect(lines[0]!.message).toContain('pwa at / not built');
  });
});
