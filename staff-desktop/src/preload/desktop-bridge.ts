import type { DesktopBridge, KitchenSettings } from '../shared/bridge.ts';

/**
 * The bridge's IPC channels and the object the preload exposes, in one place: the main process
 * registers a handler for each of these names and nothing else.
 */
export const BRIDGE_CHANNELS = {
  getSettings: 'canteen:settings:get',
  saveSettings: 'canteen:settings:save',
  loadRefreshToken: 'canteen:token:load',
  saveRefreshToken: 'canteen:token:save',
} as const satisfies Record<Exclude<keyof DesktopBridge, 'appVersion'>, string>;

/** The name the renderer finds the bridge under: `window.canteenDesktop`. */
export const BRIDGE_GLOBAL = 'canteenDesktop';

export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

/**
 * Each method forwards exactly its own arguments, never the renderer's event or a raw
 * `ipcRenderer`, so the page gets four calls and no way to send on another channel.
 */
export function createDesktopBridge(invoke: Invoke, appVersion: string): DesktopBridge {
  return Object.freeze({
    appVersion,
    getSettings: () => invoke(BRIDGE_CHANNELS.getSettings) as Promise<KitchenSettings>,
    saveSettings: (patch: Partial<KitchenSettings>) => invoke(BRIDGE_CHANNELS.saveSettings, patch) as Promise<KitchenSettings>,
    loadRefreshToken: () => invoke(BRIDGE_CHANNELS.loadRefreshToken) as Promise<string | null>,
    saveRefreshToken: async (token: string | null) => {
      await invoke(BRIDGE_CHANNELS.saveRefreshToken, token);
    },
  });
}

/** The parts of Electron's `contextBridge` and `ipcRenderer` the preload uses. */
export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export function exposeDesktopBridge(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike, appVersion: string): void {
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createDesktopBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args), appVersion));
}

const VERSION_ARGUMENT = '--canteen-app-version=';

/** The main process passes its version as an argument (see `webPreferences.additionalArguments`). */
export function appVersionFromArgv(argv: readonly string[]): string {
  const found = argv.find((arg) => arg.startsWith(VERSION_ARGUMENT));
  return found ? found.slice(VERSION_ARGUMENT.length) : 'unknown';
}
