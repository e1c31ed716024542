/** What the page-side probe of bench/kitchen-render.ts reports for one phase. */
export interface ProbeReading {
  latencies: number[];
  frames: number[];
  longFrames: number[];
  missed: number;
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
  let latencies = [], frames = [], longFrames = [], missed = 0, last = 0;
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
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) longFrames.push(entry.duration); }).observe({ type: 'long-animation-frame' });
  } catch {}
  return {
    reset() { latencies = []; frames = []; longFrames = []; missed = 0; last = 0; expectations = []; },
    expect(id, lane) { expectations.push({ id, lane, since: performance.now() - 1000 }); },
    read() { return { latencies, frames, longFrames, missed }; },
  };
})();
`;
