/**
 * Runs `fn` when the main thread has nothing better to do (after the first paint, between
 * frames), or after `timeout` ms at the latest. Browsers without requestIdleCallback get a
 * short timer. Returns a cancel function.
 */
export function whenIdle(fn: () => void, timeout = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => fn(), { timeout });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(fn, 50);
  return () => clearTimeout(handle);
}

/** Resolves once the page has loaded and then gone idle: the moment for work the first screen does not need. */
export const afterFirstPaint: Promise<void> = new Promise((resolve) => {
  const idle = () => whenIdle(resolve, 2000);
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
});
