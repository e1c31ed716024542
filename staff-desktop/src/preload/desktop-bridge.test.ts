import { describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../shared/bridge.ts';
import { appVersionFromArgv, BRIDGE_CHANNELS, BRIDGE_GLOBAL, exposeDesktopBridge } from './desktop-bridge.ts';

// Written against the interface: adding a member to DesktopBridge breaks this line until the test knows it.
const DESKTOP_BRIDGE_KEYS: Record<keyof DesktopBridge, true> = {
  appVersion: true,
  getSettings: true,
  saveSettings: true,
  loadRefreshToken: true,
  saveRefreshToken: true,
};

function expose() {
  const exposed = new Map<string, unknown>();
  const invocations: { channel: string; args: unknown[] }[] = [];
  exposeDesktopBridge(
    { exposeInMainWorld: (key, api) => void exposed.set(key, api) },
    {
      invoke: async (channel, ...args) => {
        invocations.push({ channel, args });
        return `answer of ${channel}`;
      },
    },
    '0.1.0',
  );
  return { exposed, invocations };
}

describe('preload bridge', () => {
  it('when the preload runs, then it exposes exactly one object, window.canteenDesktop, with exactly the DesktopBridge keys', () => {
    const { exposed } = expose();
    expect([...exposed.keys()]).toEqual([BRIDGE_GLOBAL]);
    expect(BRIDGE_GLOBAL).toBe('canteenDesktop');
    const bridge = exposed.get(BRIDGE_GLOBAL) as DesktopBridge;
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(DESKTOP_BRIDGE_KEYS).sort());
    expect(bridge.appVersion).toBe('0.1.0');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('when each method is called, then it invokes its own channel with only its own arguments and answers the reply', async () => {
    const { exposed, invocations } = expose();
    const bridge = exposed.get(BRIDGE_GLOBAL) as DesktopBridge;
    expect(await bridge.getSettings()).toBe(`answer of ${BRIDGE_CHANNELS.getSettings}`);
    expect(await bridge.saveSettings({ muted: true })).toBe(`answer of ${BRIDGE_CHANNELS.saveSettings}`);
    expect(await bridge.loadRefreshToken()).toBe(`answer of ${BRIDGE_CHANNELS.loadRefreshToken}`);
    expect(await bridge.saveRefreshToken('rt-1')).toBeUndefined();
    await bridge.saveRefreshToken(null);
    expect(invocations).toEqual([
      { channel: 'canteen:settings:get', args: [] },
      { channel: 'canteen:settings:save', args: [{ muted: true }] },
      { channel: 'canteen:token:load', args: [] },
      { channel: 'canteen:token:save', args: ['rt-1'] },
      { channel: 'canteen:token:save', args: [null] },
    ]);
  });

  it('when a method gets extra arguments from the page, then they are not forwarded', async () => {
    const { exposed, invocations } = expose();
    const bridge = exposed.get(BRIDGE_GLOBAL) as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await bridge.getSettings!('canteen:token:load', 'x');
    expect(invocations).toEqual([{ channel: 'canteen:settings:get', args: [] }]);
  });

  it('when the channel names are listed, then there is one per method and they are distinct', () => {
    const methods = Object.keys(DESKTOP_BRIDGE_KEYS).filter((key) => key !== 'appVersion').sort();
    expect(Object.keys(BRIDGE_CHANNELS).sort()).toEqual(methods);
    expect(new Set(Object.values(BRIDGE_CHANNELS)).size).toBe(methods.length);
  });

  it('when the main process passes its version on the command line, then the preload reads it', () => {
    expect(appVersionFromArgv(['/opt/Canteen Kitchen/canteen-kitchen', '--type=renderer', '--canteen-app-version=0.1.0'])).toBe('0.1.0');
    expect(appVersionFromArgv(['--type=renderer'])).toBe('unknown');
  });
});
