/** What the page-side probe of bench/kitchen-render.ts reports for one phase. */
export interface ProbeReading {
  latencies: number[];
  frames: number[];
  longFrames: number[];
  /** Each long animation frame's split: script, style and layout, and its longest script. */
  longFrameParts: { duration: number; script: number; styleLayout: number; forcedLayout: number; top: string }[];
  missed: number;
  /** React commits, and in them how many ticket cards and age labels rendered (React's own fibers, not timing). */
  commits: number;
  cardRenders: number;
  ageRenders: number;
  componentRenders: number;
}

/**
 * Installed before the kitchen's scripts (addInitScript): notes when each /ws message about
 * an order reaches the page (the app's `kitchen:message` performance marks), checks in every animation
 * frame whether the expected orders stand in their new column (that frame paints them), and
 * records frame lengths and long animation frames. Plain JavaScript: it runs in the page.
 */
export const KITCHEN_PROBE = `
window.__kitchenProbe = (() => {
  let expectations = [];
  const arrivals = new Map();
  let latencies = [], frames = [], longFrames = [], longFrameParts = [], missed = 0, last = 0;
  let commits = 0, cardRenders = 0, ageRenders = 0, componentRenders = 0;
  // React calls a devtools hook after every commit, also in its production build. A fiber that
  // ran its render in that commit carries the PerformedWork flag (1); a subtree React skipped
  // keeps the very child fibers of the last commit, so the walk stops there.
  const FUNCTION_TAGS = new Set([0, 11, 14, 15]);
  const walk = (fiber) => {
    for (let f = fiber; f; f = f.sibling) {
      if (FUNCTION_TAGS.has(f.tag) && f.alternate && (f.flags & 1)) componentRenders += 1;
      if (f.tag === 5 && f.return && (f.return.flags & 1 || !f.return.alternate)) {
        const props = f.memoizedProps || {};
        if (f.type === 'article' && props['data-order-id'] !== undefined) cardRenders += 1;
        else if (typeof props.className === 'string' && props.className.startsWith('ticket-age')) ageRenders += 1;
      }
      if (f.child && !(f.alternate && f.alternate.child === f.child)) walk(f.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    setStrictMode() {},
    onCommitFiberRoot(id, root) {
      commits += 1;
      const current = root.current;
      if (current && current.child && !(current.alternate && current.alternate.child === current.child)) walk(current.child);
    },
  };
  // The app marks each order update it receives (services.ts): the moment it reached the page.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'kitchen:message') arrivals.set(entry.detail, entry.startTime);
  }).observe({ type: 'mark' });
  const laneOf = (id) => {
    const card = document.querySelector('article[data-order-id="' + id + '"]');
    if (!card) return null;
    const section = card.closest('section[aria-labelledby]');
    return section ? section.getAttribute('aria-labelledby').replace('lane-', '') : null;
  };
  const frame = (t) => {
    if (last) frames.push(t - last);
    last = t;
    const now = performance.now();
    expectations = expectations.filter((e) => {
      const t0 = arrivals.get(e.id);
      if (t0 === undefined || t0 < e.since) return true;
      if (laneOf(e.id) === e.lane) { latencies.push(now - t0); return false; }
      if (now - t0 > 5000) { missed += 1; return false; }
      return true;
    });
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longFrames.push(entry.duration);
        const end = entry.startTime + entry.duration;
        const scripts = entry.scripts || [];
        const top = scripts.reduce((a, b) => (b.duration > (a ? a.duration : -1) ? b : a), null);
        longFrameParts.push({
          duration: entry.duration,
          script: scripts.reduce((sum, s) => sum + s.duration, 0),
          styleLayout: entry.styleAndLayoutStart ? end - entry.styleAndLayoutStart : 0,
          forcedLayout: scripts.reduce((sum, s) => sum + (s.forcedStyleAndLayoutDuration || 0), 0),
          top: top ? (top.invoker || top.invokerType) + ' ' + Math.round(top.duration) + ' ms' : '',
        });
      }
    }).observe({ type: 'long-animation-frame' });
  } catch {}
  return {
    reset() { latencies = []; frames = []; longFrames = []; longFrameParts = []; missed = 0; last = 0; expectations = []; commits = 0; cardRenders = 0; ageRenders = 0; componentRenders = 0; },
    expect(id, lane) { expectations.push({ id, lane, since: performance.now() - 1000 }); },
    read() { return { latencies, frames, longFrames, longFrameParts, missed, commits, cardRenders, ageRenders, componentRenders }; },
  };
})();
`;
