import { describe, expect, it } from 'vitest';
import { createCrashReloader, createCrashReloadPolicy } from './crash-reload.ts';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('crash reload policy', () => {
  it('when the renderer keeps crashing right after each reload, then the delay doubles up to the cap', () => {
    const time = clock();
    const policy = createCrashReloadPolicy({ firstDelayMs: 1000, maxDelayMs: 8000, stableAfterMs: 60_000, now: time.now });
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const decision = policy.onGone('crashed');
      delays.push(decision.delayMs);
      time.advance(decision.delayMs);
      policy.reloaded();
      time.advance(2000);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('when the page ran long enough after its reload, then the next crash reloads quickly again', () => {
    const time = clock();
    const policy = createCrashReloadPolicy({ firstDelayMs: 1000, stableAfterMs: 60_000, now: time.now });
    policy.onGone('oom');
    policy.reloaded();
    time.advance(5000);
    expect(policy.onGone('crashed').delayMs).toBe(2000);
    policy.reloaded();
    time.advance(60_000);
    expect(policy.onGone('killed')).toEqual({ reload: true, delayMs: 1000, attempt: 1 });
  });

  it('when the renderer exits cleanly (the app is closing), then nothing is reloaded', () => {
    expect(createCrashReloadPolicy().onGone('clean-exit').reload).toBe(false);
  });
});

describe('crash reloader', () => {
  function harness() {
    const pending: { run: () => void; delayMs: number; cancelled: boolean }[] = [];
    let reloads = 0;
    const reloader = createCrashReloader({
      policy: createCrashReloadPolicy({ now: () => 0 }),
      reload: () => (reloads += 1),
      schedule: (run, delayMs) => {
        const entry = { run, delayMs, cancelled: false };
        pending.push(entry);
        return () => (entry.cancelled = true);
      },
    });
    return { reloader, pending, reloads: () => reloads };
  }

  it('when the renderer dies twice before the reload, then one reload is waiting, and it runs once', () => {
    const { reloader, pending, reloads } = harness();
    reloader.onRenderProcessGone('crashed');
    reloader.onRenderProcessGone('crashed');
    expect(pending).toHaveLength(1);
    pending[0]!.run();
    expect(reloads()).toBe(1);
  });

  it('when the window closes while a reload waits, then the reload is cancelled', () => {
    const { reloader, pending } = harness();
    reloader.onRenderProcessGone('crashed');
    reloader.dispose();
    expect(pending[0]!.cancelled).toBe(true);
  });
});
