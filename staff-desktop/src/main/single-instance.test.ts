import { describe, expect, it } from 'vitest';
import { claimSingleInstance, type FocusableWindow, type InstanceApp } from './single-instance.ts';

function fakeApp(gotLock: boolean) {
  const listeners: (() => void)[] = [];
  const app: InstanceApp & { quits: number } = {
    quits: 0,
    requestSingleInstanceLock: () => gotLock,
    quit: () => void (app.quits += 1),
    on: (_event, listener) => listeners.push(listener),
  };
  return { app, secondLaunch: () => listeners.forEach((listener) => listener()), listeners };
}

function fakeWindow(minimized: boolean) {
  const calls: string[] = [];
  const window: FocusableWindow = {
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

describe('single instance', () => {
  it('when another instance already runs, then this one quits and starts nothing', () => {
    const { app, listeners } = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(app.quits).toBe(1);
    expect(listeners).toHaveLength(0);
  });

  it('when the app is launched again, then the first restores its minimized window and brings it to front', () => {
    const { app, secondLaunch } = fakeApp(true);
    const { window, calls } = fakeWindow(true);
    expect(claimSingleInstance(app, () => window)).toBe(true);
    secondLaunch();
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(app.quits).toBe(0);
  });

  it('when the app is launched again before its window exists, then nothing breaks', () => {
    const { app, secondLaunch } = fakeApp(true);
    claimSingleInstance(app, () => undefined);
    expect(() => secondLaunch()).not.toThrow();
  });
});
