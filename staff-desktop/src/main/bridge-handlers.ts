import { BRIDGE_CHANNELS } from '../preload/desktop-bridge.ts';
import type { SettingsStore } from './settings.store.ts';
import type { TokenVault } from './token-vault.ts';
import { isTrustedSender, type SenderFrame } from './window-policy.ts';

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => unknown): void;
}

export interface BridgeDeps {
  settings: SettingsStore;
  vault: TokenVault;
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
}

/**
 * The main-process side of the bridge. Every handler first checks that the message comes from
 * the app's own top-level page (see isTrustedSender), then validates its arguments (in the
 * settings store and the vault): an invoke from anywhere else, or with bad arguments, is
 * rejected and changes nothing.
 */
export function registerBridgeHandlers(ipcMain: IpcMainLike, deps: BridgeDeps): void {
  const guarded =
    (handler: (...args: unknown[]) => Promise<unknown>) =>
    (event: { senderFrame: SenderFrame | null }, ...args: unknown[]) => {
      if (!isTrustedSender(event.senderFrame)) {
        return Promise.reject(new UntrustedSenderError('the desktop bridge answers the kitchen app only'));
      }
      return handler(...args);
    };

  ipcMain.handle(BRIDGE_CHANNELS.getSettings, guarded(() => deps.settings.get()));
  ipcMain.handle(BRIDGE_CHANNELS.saveSettings, guarded((patch) => deps.settings.save(patch)));
  ipcMain.handle(BRIDGE_CHANNELS.loadRefreshToken, guarded(() => deps.vault.load()));
  ipcMain.handle(
    BRIDGE_CHANNELS.saveRefreshToken,
    guarded(async (token) => {
      await deps.vault.save(token);
    }),
  );
}
