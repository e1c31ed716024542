/** One status update as the probe saw it (the bench tells it the order, its move and its column before sending it). */
export interface ProbeUpdate {
  seq: number;
  id: number;
  from: string | null;
  to: string;
  lane: string | null;
  /** Message reaching the app (its kitchen:message mark) → the frame showing the ticket in its new column; null: never within 5 s. */
  latency: number | null;
  /** What the probe before this one measured for the same update (null: it never matched it): arrival looked up by order id, as its PerformanceObserver had delivered it. */
  byOrderId: number | null;
  /** How long after the mark the PerformanceObserver delivered it, and whether that was after the frame that painted the update. */
  observerLag: number | null;
  observedAfterPaint: boolean;
  /** When this order's previous update reached the page, ms before this one (null: none seen). */
  previousUpdateAgo: number | null;
  /** Whether, when the message arrived, the page was still waiting for this order's details (GET /api/orders/:id) or for a snapshot. */
  detailsPending: boolean;
  snapshotPending: boolean;
}

/** What the page-side probe of bench/kitchen-render.ts reports for one phase. */
export interface ProbeReading {
  latencies: number[];
  updates: ProbeUpdate[];
  /** Updates expected but not painted yet when the phase was read. */
  pending: number;
  /** How long the page's fetches took (request → response, Playwright's page.route answering in the bench's process): harness, not renderer. */
  fetches: { kind: 'order' | 'snapshot' | 'other'; duration: number }[];
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
 * Installed before the kitchen's scripts (addInitScript). The bench announces each update
 * (seq, order, column) before it sends it; in every animation frame the probe reads the app's
 * `kitchen:message` performance marks (detail: order id and seq) synchronously, and for each
 * update that has arrived checks whether the order stands in its new column (that frame paints
 * it). It also records frame lengths, long animation frames and the page's fetches.
 *
 * The probe before this one took arrivals from a PerformanceObserver keyed by order id, and the
 * bench announced an update after sending it: when the observer delivered the new mark after the
 * frame that painted it (its callbacks come in a later task), the order's previous arrival, up to
 * a second older, was taken for this one's, so the latency read was the time between the two
 * updates (the 317 and 735 ms outliers). It is still computed alongside (`byOrderId`) to show it.
 * Plain JavaScript: it runs in the page.
 */
export const KITCHEN_PROBE = `
window.__kitchenProbe = (() => {
  let expectations = [], byOrderId = [];
  const arrivals = new Map(), observed = new Map(), observedByOrder = new Map(), lastArrivalOf = new Map(), byOrderIdLatency = new Map();
  let latencies = [], updates = [], fetches = [], frames = [], longFrames = [], longFrameParts = [], missed = 0, last = 0;
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
  // The page's fetches, to tell whether an update arrived while its order's details (or a snapshot) were on the way.
  let requests = [];
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
    const order = /\\/api\\/orders\\/(\\d+)$/.exec(url.pathname);
    const request = { kind: order ? 'order' : url.pathname.endsWith('/api/kitchen/tickets') ? 'snapshot' : 'other', id: order ? Number(order[1]) : null, start: performance.now(), end: null };
    requests.push(request);
    const done = () => {
      request.end = performance.now();
      fetches.push({ kind: request.kind, duration: request.end - request.start });
    };
    const response = realFetch(input, init);
    response.then(done, done);
    return response;
  };
  const pendingAt = (t, kind, id) => requests.some((r) => r.kind === kind && (id === undefined || r.id === id) && r.start <= t && (r.end === null || r.end > t));
  // Arrivals, read synchronously in each frame (an observer delivers in a later task).
  const drain = () => {
    for (const mark of performance.getEntriesByName('kitchen:message', 'mark')) {
      const { orderId, seq } = mark.detail;
      arrivals.set(seq, { t: mark.startTime, previous: lastArrivalOf.get(orderId), details: pendingAt(mark.startTime, 'order', orderId), snapshot: pendingAt(mark.startTime, 'snapshot') });
      lastArrivalOf.set(orderId, mark.startTime);
    }
    performance.clearMarks('kitchen:message');
  };
  // The probe before this one, kept to compare: arrivals by order id, as the observer delivers them.
  new PerformanceObserver((list) => {
    const now = performance.now();
    for (const entry of list.getEntries()) {
      if (entry.name !== 'kitchen:message') continue;
      observed.set(entry.detail.seq, now);
      observedByOrder.set(entry.detail.orderId, entry.startTime);
    }
  }).observe({ type: 'mark' });
  const laneOf = (id) => {
    const card = document.querySelector('article[data-order-id="' + id + '"]');
    if (!card) return null;
    const section = card.closest('section[aria-labelledby]');
    return section ? section.getAttribute('aria-labelledby').replace('lane-', '') : null;
  };
  const settle = (e, arrival, paintedAt) => {
    updates.push({
      seq: e.seq, id: e.id, from: e.from, to: e.to, lane: e.lane, arrivedAt: arrival.t, paintedAt,
      latency: paintedAt === null ? null : paintedAt - arrival.t,
      previousUpdateAgo: arrival.previous === undefined ? null : arrival.t - arrival.previous,
      detailsPending: arrival.details, snapshotPending: arrival.snapshot,
    });
  };
  // What only later tasks know (the observer's delivery, the probe before's match), filled in when read.
  const complete = (u) => {
    const seen = observed.get(u.seq);
    const { arrivedAt, paintedAt, ...rest } = u;
    return { ...rest, byOrderId: byOrderIdLatency.has(u.seq) ? byOrderIdLatency.get(u.seq) : null, observerLag: seen === undefined ? null : seen - arrivedAt, observedAfterPaint: paintedAt !== null && (seen === undefined || seen > paintedAt) };
  };
  const frame = (t) => {
    if (last) frames.push(t - last);
    last = t;
    const now = performance.now();
    drain();
    expectations = expectations.filter((e) => {
      const arrival = arrivals.get(e.seq);
      if (!arrival) return true;
      if (laneOf(e.id) === e.lane) { latencies.push(now - arrival.t); settle(e, arrival, now); return false; }
      if (now - arrival.t > 5000) { missed += 1; settle(e, arrival, null); return false; }
      return true;
    });
    byOrderId = byOrderId.filter((e) => {
      const t0 = observedByOrder.get(e.id);
      if (t0 === undefined || t0 < e.since) return true;
      if (laneOf(e.id) === e.lane) { byOrderIdLatency.set(e.seq, now - t0); return false; }
      return now - t0 <= 5000;
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
    reset() { latencies = []; updates = []; observed.clear(); arrivals.clear(); requests = requests.filter((r) => r.end === null); fetches = []; frames = []; longFrames = []; longFrameParts = []; missed = 0; last = 0; expectations = []; byOrderId = []; byOrderIdLatency.clear(); commits = 0; cardRenders = 0; ageRenders = 0; componentRenders = 0; },
    /** Before the update is sent: its seq, order, move and the column it should then show in. */
    expect(seq, id, from, to, lane) {
      expectations.push({ seq, id, from, to, lane });
      // As the probe before did it (it was told after sending, and looked back one second).
      setTimeout(() => byOrderId.push({ seq, id, lane, since: performance.now() - 1000 }), 0);
    },
    read() {
      const pending = expectations.length;
      return { latencies, updates: updates.map(complete).sort((a, b) => a.seq - b.seq), pending, fetches, frames, longFrames, longFrameParts, missed, commits, cardRenders, ageRenders, componentRenders };
    },
  };
})();
`;
