/** What the page-side probe of bench/kitchen-render.ts reports for one phase. */
export interface ProbeReading {
  latencies: number[];
  frames: number[];
  longFrames: number[];
  missed: number;
}

/**
 * Installed before the kitchen's scripts (addInitScript): notes when each /ws message about
 * an order reaches the page (by wrapping the socket's onmessage), checks in every animation
 * frame whether the expected orders stand in their new column (that frame paints them), and
 * records frame lengths and long animation frames. Plain JavaScript: it runs in the page.
 */
export const KITCHEN_PROBE = `
window.__kitchenProbe = (() => {
  let expectations = [];
  const arrivals = new Map();
  let latencies = [], frames = [], longFrames = [], missed = 0, last = 0;
  const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return desc.get.call(this); },
    set(fn) {
      desc.set.call(this, fn && function (event) {
        try {
          const message = JSON.parse(event.data);
          if (message && message.data && typeof message.data.order_id === 'number') arrivals.set(message.data.order_id, performance.now());
        } catch {}
        return fn.call(this, event);
      });
    },
  });
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
