import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS } from '../preload/desktop-bridge.ts';
import { registerBridgeHandlers, UntrustedSenderError, type IpcMainLike } from './bridge-handlers.ts';
import { createSettingsStore, DEFAULT_SETTINGS, SettingsError } from './settings.store.ts';
import type { StoredFile } from './stored-file.ts';
import { InvalidTokenError, type TokenVault } from './token-vault.ts';

type Handler = Parameters<IpcMainLike['handle']>[1];

function memoryFile(): StoredFile & { content: Buffer | null } {
  const file = {
    content: null as Buffer | null,
    read: async () => file.content,
    write: async (data: string | Uint8Array) => void (file.content = Buffer.from(data)),
    remove: async () => void (file.content = null),
  };
  return file;
}

function memoryVault(): TokenVault & { token: string | null } {
  const vault = {
    token: null as string | null,
    load: async () => vault.token,
    save: async (token: unknown) => {
      if (token !== null && typeof token !== 'string') throw new InvalidTokenError('bad token');
      vault.token = token;
    },
  };
  return vault;
}

const APP_FRAME = { senderFrame: { url: 'app://kitchen/kitchen/', parent: null } };

function setup() {
  const handlers = new Map<string, Handler>();
  const file = memoryFile();
  const vault = memoryVault();
  registerBridgeHandlers({ handle: (channel, listener) => void handlers.set(channel, listener) }, { settings: createSettingsStore(file), vault });
  const call = (channel: string, event: unknown, ...args: unknown[]) => handlers.get(channel)!(event as never, ...args);
  return { handlers, file, vault, call };
}

describe('bridge handlers (main side)', () => {
  it('when registered, then there is one handler per bridge channel and no other', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
  });

  it('when the app page saves settings, then they are stored and answered', async () => {
    const { call, file } = setup();
    const answer = await call(BRIDGE_CHANNELS.saveSettings, APP_FRAME, { kiosk: true, bffUrl: 'http://10.1.1.2:8080' });
    expect(answer).toMatchObject({ kiosk: true, bffUrl: 'http://10.1.1.2:8080' });
    expect(JSON.parse(file.content!.toString())).toEqual(answer);
    expect(await call(BRIDGE_CHANNELS.getSettings, APP_FRAME)).toEqual(answer);
  });

  it('when the app page sends invalid settings, then the call fails with the reason and nothing is stored', async () => {
    const { call, file } = setup();
    await expect(call(BRIDGE_CHANNELS.saveSettings, APP_FRAME, { volume: -1 })).rejects.toThrow(SettingsError);
    expect(file.content).toBeNull();
    expect(await call(BRIDGE_CHANNELS.getSettings, APP_FRAME)).toEqual(DEFAULT_SETTINGS);
  });

  it('when the app page saves and loads the refresh token, then it goes through the vault', async () => {
    const { call, vault } = setup();
    expect(await call(BRIDGE_CHANNELS.saveRefreshToken, APP_FRAME, 'rt-1')).toBeUndefined();
    expect(vault.token).toBe('rt-1');
    expect(await call(BRIDGE_CHANNELS.loadRefreshToken, APP_FRAME)).toBe('rt-1');
    await expect(call(BRIDGE_CHANNELS.saveRefreshToken, APP_FRAME, 12)).rejects.toThrow(InvalidTokenError);
    expect(vault.token).toBe('rt-1');
  });

  it.each([
    ['another origin', { senderFrame: { url: 'http://localhost:8080/kitchen/', parent: null } }],
    ['an iframe inside the app', { senderFrame: { url: 'app://kitchen/kitchen/', parent: { url: 'app://kitchen/kitchen/' } } }],
    ['a frame that is gone', { senderFrame: null }],
  ])('when %s calls, then every channel refuses and nothing changes', async (_name, event) => {
    const { call, file, vault } = setup();
    vault.token = 'kept';
    for (const channel of Object.values(BRIDGE_CHANNELS)) {
      await expect(call(channel, event, channel === BRIDGE_CHANNELS.saveSettings ? { muted: true } : null)).rejects.toThrow(UntrustedSenderError);
    }
    expect(file.content).toBeNull();
    expect(vault.token).toBe('kept');
  });
});
