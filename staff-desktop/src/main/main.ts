// The Electron entry point: it only wires Electron's objects into the modules beside it, which
// hold the logic and are unit-tested without an Electron binary (see staff-desktop/test).
import { app, BrowserWindow, ipcMain, powerSaveBlocker, protocol, safeStorage, session, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createAppProtocolHandler } from './app-protocol.ts';
import { registerBridgeHandlers } from './bridge-handlers.ts';
import { createCrashReloader, createCrashReloadPolicy } from './crash-reload.ts';
import { createSettingsStore } from './settings.store.ts';
import { claimSingleInstance } from './single-instance.ts';
import { storedFile } from './stored-file.ts';
import { createTokenVault, encryptionProblem } from './token-vault.ts';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  denyWindowOpen,
  isNavigationAllowed,
  isPermissionGranted,
  START_URL,
  webPreferences,
} from './window-policy.ts';

let mainWindow: BrowserWindow | undefined;

// Before `ready`, or the scheme is not standard/secure for the renderer.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (claimSingleInstance(app, () => mainWindow)) {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (err: unknown) => {
    console.error('kitchen app failed to start', err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = createSettingsStore(storedFile(path.join(userData, 'settings.json')), {
    onUnreadable: (reason) => console.warn(`settings.json ignored (${reason}); using defaults`),
    onSaved(before, after) {
      if (!mainWindow || mainWindow.isDestroyed()) return;
      if (before.kiosk !== after.kiosk) mainWindow.setKiosk(after.kiosk);
      // The page's Content Security Policy names the BFF: a new address needs a fresh page.
      if (before.bffUrl !== after.bffUrl) mainWindow.webContents.reload();
    },
  });
  const vault = createTokenVault(safeStorage, storedFile(path.join(userData, 'refresh-token.bin')), (reason) =>
    console.warn(`stored sign-in dropped: ${reason}`),
  );
  const problem = encryptionProblem(safeStorage);
  if (problem) console.warn(`staff will sign in at every start: ${problem}`);

  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererDir: path.join(app.getAppPath(), 'dist', 'renderer'),
      readFile: (file) => readFile(file),
      bffOrigin: async () => (await settings.get()).bffUrl,
    }),
  );
  session.defaultSession.setPermissionRequestHandler((_contents, permission, grant, details) =>
    grant(isPermissionGranted(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin));

  registerBridgeHandlers(ipcMain, { settings, vault });

  // A kitchen screen that dims in the middle of lunch is a screen nobody reads.
  powerSaveBlocker.start('prevent-display-sleep');

  mainWindow = createWindow((await settings.get()).kiosk);
}

function createWindow(kiosk: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1920,
    height: 1080,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#101418',
    title: 'Canteen Kitchen',
    webPreferences: webPreferences(path.join(app.getAppPath(), 'dist', 'preload', 'preload.cjs'), app.getVersion()),
  });
  window.once('ready-to-show', () => window.show());

  const reloader = createCrashReloader({
    policy: createCrashReloadPolicy(),
    reload: () => {
      if (!window.isDestroyed()) window.webContents.reload();
    },
    schedule: (run, delayMs) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    },
    log: (decision) => console.warn('kitchen page stopped', decision),
  });
  window.webContents.on('render-process-gone', (_event, details) => reloader.onRenderProcessGone(details.reason));
  window.on('closed', () => {
    reloader.dispose();
    if (mainWindow === window) mainWindow = undefined;
  });

  void window.loadURL(START_URL);
  return window;
}

/** Every web contents (the window, and anything it might try to create) stays inside the app. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
