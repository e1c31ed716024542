/**
 * After the renderer dies (Electron's `render-process-gone`) the window is reloaded, sooner the
 * first time and later each time it dies again soon after: a page that crashes on start must not
 * spin the CPU of a kitchen PC, and one crash after hours of work reloads within a second.
 */
export interface CrashReloadOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A renderer that lived this long after its reload counts as recovered: the delay starts over. */
  stableAfterMs?: number;
  now?: () => number;
}

/** `render-process-gone` reasons; `clean-exit` is the app closing, not a crash. */
const NOT_A_CRASH = new Set(['clean-exit']);

export interface CrashDecision {
  reload: boolean;
  delayMs: number;
  /** Crashes in a row, each within `stableAfterMs` of the reload before it. */
  attempt: number;
}

export function createCrashReloadPolicy(options: CrashReloadOptions = {}) {
  const firstDelayMs = options.firstDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  let attempt = 0;
  let lastReloadAt: number | undefined;

  return {
    onGone(reason: string): CrashDecision {
      if (NOT_A_CRASH.has(reason)) return { reload: false, delayMs: 0, attempt };
      const at = now();
      if (lastReloadAt === undefined || at - lastReloadAt >= stableAfterMs) attempt = 0;
      attempt += 1;
      const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1));
      return { reload: true, delayMs, attempt };
    },
    /** Called when the reload actually starts, which is what "soon after" is measured from. */
    reloaded() {
      lastReloadAt = now();
    },
  };
}

export interface CrashReloaderDeps {
  policy: ReturnType<typeof createCrashReloadPolicy>;
  reload(): void;
  /** setTimeout; answers a cancel function. */
  schedule(run: () => void, delayMs: number): () => void;
  log?(decision: CrashDecision & { reason: string }): void;
}

/** Wires the policy to a window: at most one reload waits at a time. */
export function createCrashReloader(deps: CrashReloaderDeps) {
  let cancelPending: (() => void) | undefined;
  return {
    onRenderProcessGone(reason: string) {
      const decision = deps.policy.onGone(reason);
      deps.log?.({ ...decision, reason });
      if (!decision.reload || cancelPending) return;
      cancelPending = deps.schedule(() => {
        cancelPending = undefined;
        deps.policy.reloaded();
        deps.reload();
      }, decision.delayMs);
    },
    /** The window is closing: no reload afterwards. */
    dispose() {
      cancelPending?.();
      cancelPending = undefined;
    },
  };
}
