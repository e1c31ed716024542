import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's root: the default dist folders are found from here, whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A folder of built files. Unset (or empty, as in a compose file) means the app's folder in
 * this repository; a relative value is taken from the working directory, as `DATA_DIR` is.
 */
const distDir = (inRepo: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .default(path.join(REPO_ROOT, inRepo))
      .transform((value) => path.resolve(value)),
  );

/** The web-app part of the BFF's environment, to spread into its config schema. */
export const webAppConfigFields = {
  /** The student PWA (Vite build of `pwa/`), served at `/`. */
  PWA_DIST_DIR: distDir('pwa/dist'),
  /** The admin panel, served at `/admin`. */
  ADMIN_DIST_DIR: distDir('admin/dist'),
  /** The kitchen display's renderer (the Electron app's UI, `staff-desktop/`), served at `/kitchen`. */
  KITCHEN_DIST_DIR: distDir('staff-desktop/dist/renderer'),
  /** The pickup board (the kitchen renderer's second entry, `staff-desktop/`), served at `/board`. */
  BOARD_DIST_DIR: distDir('staff-desktop/dist/board'),
};

export type WebAppConfig = { [K in keyof typeof webAppConfigFields]: string };

export interface WebApp {
  name: 'admin' | 'kitchen' | 'board' | 'pwa';
  /** What people call it, for the page shown while it is not built. */
  title: string;
  /** `/` or `/name`, without a trailing slash. */
  prefix: string;
  dir: string;
  /** The variable that moves `dir`. */
  variable: keyof WebAppConfig;
  /** Where its sources will live in this repository. */
  source: string;
}

/** The apps, most specific prefix first: `/` (the PWA) takes what no other app claims. */
export function webAppsFromConfig(config: WebAppConfig): WebApp[] {
  return [
    { name: 'admin', title: 'Admin panel', prefix: '/admin', dir: config.ADMIN_DIST_DIR, variable: 'ADMIN_DIST_DIR', source: 'admin' },
    { name: 'kitchen', title: 'Kitchen display', prefix: '/kitchen', dir: config.KITCHEN_DIST_DIR, variable: 'KITCHEN_DIST_DIR', source: 'staff-desktop' },
    { name: 'board', title: 'Pickup board', prefix: '/board', dir: config.BOARD_DIST_DIR, variable: 'BOARD_DIST_DIR', source: 'staff-desktop' },
    { name: 'pwa', title: 'Student app', prefix: '/', dir: config.PWA_DIST_DIR, variable: 'PWA_DIST_DIR', source: 'pwa' },
  ];
}
