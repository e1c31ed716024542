import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * main.ts against a stand-in for the 'electron' module (no Electron binary can run here): it
 * checks the wiring only, that each of Electron's hooks reaches the tested policy behind it.
 */
const fake = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events');
  const calls: { name: string; args: unknown[] }[] = [];
  const record = (name: string) => (...args: unknown[]) => void calls.push({ name, args });
  const state = {
    calls,
    userData: '',
    appPath: '',
    readyBeforeScheme: false,
    isReady: false,
    windows: [] as InstanceType<typeof FakeWindow>[],
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  };
  class FakeContents extends EventEmitter {
    reloads = 0;
    windowOpenHandler: (() => unknown) | undefined;
    reload() {
      this.reloads += 1;
    }
    setWindowOpenHandler(handler: () => unknown) {
      this.windowOpenHandler = handler;
    }
  }
  class FakeWindow extends EventEmitter {
    webContents = new FakeContents();
    loaded: string | undefined;
    kiosk: boolean | undefined;
    constructor(public options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    setKiosk(value: boolean) {
      this.kiosk = value;
    }
    show() {}
  }
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => true,
    quit: record('app.quit'),
    exit: record('app.exit'),
    getPath: () => state.userData,
    getAppPath: () => state.appPath,
    getVersion: () => '0.1.0',
    whenReady: () => {
      state.isReady = true;
      return Promise.resolve();
    },
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => void state.handlers.set(channel, listener) },
    powerSaveBlocker: { start: (type: string) => (calls.push({ name: 'powerSaveBlocker.start', args: [type] }), 1) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => {
        state.readyBeforeScheme = state.isReady;
        calls.push({ name: 'registerSchemesAsPrivileged', args: [schemes] });
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        calls.push({ name: 'protocol.handle', args: [scheme] });
        state.protocolHandler = handler;
      },
    },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => void (state.permissionRequest = handler),
        setPermissionCheckHandler: record('setPermissionCheckHandler'),
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
let dir: string;
const APP_FRAME = { senderFrame: { url: 'app://kitchen/kitchen/', parent: null } };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kitchen-main-'));
  state.userData = path.join(dir, 'user-data');
  state.appPath = path.join(dir, 'app');
  await mkdir(path.join(state.appPath, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(state.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Kitchen</title>');
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  await import('../src/main/main.ts');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('main process wiring (Electron stand-in)', () => {
  it('when the app starts, then the app scheme is privileged before ready and a sandboxed window loads the bundled kitchen', () => {
    expect(state.readyBeforeScheme).toBe(false);
    const window = state.windows[0]!;
    expect(window.loaded).toBe('app://kitchen/kitchen/');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toBe(path.join(state.appPath, 'dist', 'preload', 'preload.cjs'));
    expect(state.calls).toContainEqual({ name: 'powerSaveBlocker.start', args: ['prevent-display-sleep'] });
    expect(state.handlers.size).toBe(4);
  });

  it('when the window tries to open a window or leave the app, then it is stopped', () => {
    const contents = state.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://elsewhere.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    contents.emit('will-navigate', inside, 'app://kitchen/kitchen/settings');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('when the page asks for the microphone, then it is refused', () => {
    const grant = vi.fn();
    state.permissionRequest?.({}, 'media', grant, { requestingUrl: 'app://kitchen/kitchen/' });
    expect(grant).toHaveBeenCalledWith(false);
  });

  it('when the bundled page is requested, then it is served with the policy naming the stored BFF', async () => {
    const response = await state.protocolHandler!(new Request('app://kitchen/kitchen/'));
    expect(response.headers.get('content-security-policy')).toContain('http://localhost:8080');
  });

  it('when the app page turns kiosk on and changes the BFF address, then the window follows', async () => {
    const window = state.windows[0]!;
    await state.handlers.get('canteen:settings:save')!(APP_FRAME, { kiosk: true, bffUrl: 'http://10.0.0.9:8080' });
    expect(window.kiosk).toBe(true);
    expect(window.webContents.reloads).toBe(1);
  });

  it('when the renderer crashes, then the window reloads after a delay', async () => {
    const contents = state.windows[0]!.webContents;
    const before = contents.reloads;
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(contents.reloads).toBe(before);
    await vi.waitFor(() => expect(contents.reloads).toBe(before + 1), { timeout: 3000 });
  });

  it('when the system cannot encrypt, then saving the refresh token through the bridge is refused with the reason', async () => {
    await expect(state.handlers.get('canteen:token:save')!(APP_FRAME, 'rt-1')).rejects.toThrow(/Not keeping you signed in/);
  });
});
