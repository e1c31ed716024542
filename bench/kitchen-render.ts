/**
 * How fast the kitchen display paints updates with 200 live tickets, in Debian's Chromium.
 *
 *   node_modules/.bin/tsx bench/kitchen-render.ts [seconds-per-phase=15] [rounds=2] [tickets=200] [updates-per-second=10]
 *
 * 1. starts the canteen as `npm start` does (the built renderer at /kitchen), or uses the one at
 *    CANTEEN_URL, and signs the kitchen in as the demo staff;
 * 2. the page's data is scripted: GET /api/kitchen/tickets answers 200 generated tickets and
 *    /ws is routed to an in-test server (Playwright's routeWebSocket) that sends welcome and a
 *    snapshot, then `status_update`s moving random tickets on at the given rate (a ticket that
 *    is handed out is replaced by a new order, which the screen shows from the stream and then
 *    fetches, GET /api/orders/:id, as with the real server). Only the renderer is measured, not
 *    the services;
 * 3. phases alternate, A: no updates (the baseline: the same page, idle) and B: updates, each
 *    `seconds` long, `rounds` times (A, B, A, B…), so machine noise hits both alike;
 * 4. in the page: for each update, the time from the message reaching the page to the first
 *    animation frame in which the ticket stands in its new column (the frame that paints it);
 *    every frame's length from requestAnimationFrame deltas; and long animation frames from
 *    PerformanceObserver('long-animation-frame'). The probe is told each update (seq, order,
 *    move, column) before it is sent and matches it to the app's mark by seq; the updates over
 *    50 ms are listed with what surrounded them (a details fetch or snapshot on the way, the
 *    order's previous update), the harness's own delays (CDP round trips, page.route answers)
 *    are timed apart, and after each phase the screen is compared with the scripted server
 *    (a ticket in a stale column is counted).
 * Goal (issue 13): an update painted within 100 ms, no frame over 50 ms.
 * KITCHEN_REPORT=path writes the report elsewhere than bench/reports/kitchen-render.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { KITCHEN_VIEWPORT, signInKitchen } from '../e2e/kitchen/helpers.ts';
import { launchChromium, startCanteen, type Canteen } from '../e2e/pwa/helpers.ts';
import { generatedKitchen } from './lib/kitchen-fixtures.ts';
import { KITCHEN_PROBE, type ProbeReading } from './lib/kitchen-probe.ts';

const seconds = Number(process.argv[2] ?? 15);
const rounds = Number(process.argv[3] ?? 2);
const ticketCount = Number(process.argv[4] ?? 200);
const rate = Number(process.argv[5] ?? 10);
// KITCHEN_RECONNECT=1: the stream drops halfway through each B phase and the screen catches up by a snapshot,
// KITCHEN_SNAPSHOT_DELAY_MS after the server read it, while updates go on: a stale ticket afterwards is counted.
const reconnect = Boolean(process.env.KITCHEN_RECONNECT);
const snapshotDelay = Number(process.env.KITCHEN_SNAPSHOT_DELAY_MS ?? 0);
const command = `${reconnect ? 'KITCHEN_RECONNECT=1 ' : ''}${snapshotDelay ? `KITCHEN_SNAPSHOT_DELAY_MS=${snapshotDelay} ` : ''}node_modules/.bin/tsx bench/kitchen-render.ts ${seconds} ${rounds} ${ticketCount} ${rate}`;

const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const loadAtStart = loadAverage();
const kitchen = generatedKitchen(ticketCount);
const canteen: Canteen | null = process.env.CANTEEN_URL ? null : await startCanteen();
const base = process.env.CANTEEN_URL ?? canteen!.url;
const browser = await launchChromium();
let socket: WebSocketRoute | null = null;
let seq = 1;

try {
  // KITCHEN_REDUCED_MOTION=1: the same page as a screen set to reduce motion (no card animations), to see what they cost.
  const context = await browser.newContext({ ...KITCHEN_VIEWPORT, reducedMotion: process.env.KITCHEN_REDUCED_MOTION ? 'reduce' : 'no-preference' });
  await context.addInitScript({ content: KITCHEN_PROBE });
  const page = await context.newPage();
  // What the page fetched in each phase: a whole snapshot (200 tickets) or one order.
  const fetched = { snapshots: 0, orders: 0 };
  await page.route('**/api/kitchen/tickets', async (route) => {
    fetched.snapshots += 1;
    // The snapshot as the server reads it now, sent after snapshotDelay (a busy server assembling 200 tickets).
    const snapshot = kitchen.snapshot();
    if (snapshotDelay) await new Promise((resolve) => setTimeout(resolve, snapshotDelay));
    return route.fulfill({ json: snapshot });
  });
  await page.route(/\/api\/orders\/\?status=placed/, (route) => route.fulfill({ json: [] }));
  await page.route(/\/api\/orders\/\d+$/, (route) => {
    fetched.orders += 1;
    const order = kitchen.order(Number(new URL(route.request().url()).pathname.split('/').pop()));
    return order ? route.fulfill({ json: order }) : route.fulfill({ status: 404, json: { error: { code: 'NOT_FOUND', message: 'No such order' } } });
  });
  await page.routeWebSocket(/\/ws$/, (ws) => {
    ws.onMessage((text) => {
      const message = JSON.parse(String(text)) as { type: string };
      if (message.type === 'auth') {
        socket = ws;
        ws.send(JSON.stringify({ type: 'welcome', seq, scope: 'staff', resume: 'snapshot' }));
        ws.send(JSON.stringify({ type: 'snapshot', seq, data: kitchen.queueItems() }));
      } else if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    });
  });
  await signInKitchen(page, base);
  await page.getByRole('article').nth(ticketCount - 1).waitFor({ timeout: 60_000 });

  // KITCHEN_TRACE=file.json: a Chromium trace of the whole run, for chrome://tracing or Perfetto.
  if (process.env.KITCHEN_TRACE) await browser.startTracing(page, { path: process.env.KITCHEN_TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'cc', 'gpu', 'toplevel', 'disabled-by-default-v8.gc'] });
  // CPU time the browser's processes used (seconds, all their threads): unlike the timings, it
  // hardly grows when other work shares the cores, so A/B differences stand on a busy machine.
  const cdp = await browser.newBrowserCDPSession();
  const cpu = async () => {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; cpuTime: number }[] };
    const of = (type: string) => processInfo.filter((p) => p.type === type).reduce((sum, p) => sum + p.cpuTime * 1000, 0);
    return { renderer: of('renderer'), gpu: of('GPU') };
  };
  // How long telling the probe about an update took (a CDP round trip of the bench's, not the renderer's).
  const harness: number[] = [];
  // At the end of a phase: tickets the screen shows in another column than the scripted server has them, or shows gone, or misses.
  const staleTickets = async () => {
    const shown = (await page.evaluate(`[...document.querySelectorAll('article[data-order-id]')].map((card) => [Number(card.dataset.orderId), card.closest('section[aria-labelledby]')?.getAttribute('aria-labelledby')?.replace('lane-', '') ?? null])`)) as [number, string | null][];
    const truth = new Map(kitchen.queueItems().map((item) => [item.order_id, item.status === 'waiting' ? 'new' : item.status]));
    const wrong = shown.filter(([id, lane]) => truth.get(id) !== lane).map(([id]) => id);
    const missing = [...truth.keys()].filter((id) => !shown.some(([shownId]) => shownId === id));
    return [...wrong, ...missing];
  };
  const results: { phase: 'A' | 'B'; round: number; updates: number; snapshots: number; orders: number; cpuRenderer: number; cpuGpu: number; reading: ProbeReading; stale: number[] }[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const phase of ['A', 'B'] as const) {
      await page.evaluate('window.__kitchenProbe.reset()');
      const end = Date.now() + seconds * 1000;
      let updates = 0;
      fetched.snapshots = 0;
      fetched.orders = 0;
      const cpuBefore = await cpu();
      let dropped = !reconnect;
      while (Date.now() < end) {
        if (phase === 'B' && !dropped && Date.now() > end - (seconds * 1000) / 2) {
          // KITCHEN_RECONNECT: the scripted server drops the socket halfway; updates go on once the screen is back (welcome, then its snapshot).
          dropped = true;
          const old = socket as WebSocketRoute | null;
          socket = null;
          await old?.close();
        }
        if (phase === 'B' && socket) {
          updates += 1;
          const update = kitchen.step();
          seq += 1;
          // The probe is told before the message leaves, so it knows each update by its seq when it arrives.
          const told = performance.now();
          await page.evaluate(`window.__kitchenProbe.expect(${seq}, ${update.item.order_id}, ${JSON.stringify(update.from)}, ${JSON.stringify(update.item.status)}, ${JSON.stringify(update.lane)})`);
          harness.push(performance.now() - told);
          (socket as WebSocketRoute).send(JSON.stringify({ type: 'status_update', seq, data: update.item }));
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const cpuAfter = await cpu();
      const reading = (await page.evaluate('window.__kitchenProbe.read()')) as ProbeReading;
      results.push({ phase, round, updates, ...fetched, cpuRenderer: cpuAfter.renderer - cpuBefore.renderer, cpuGpu: cpuAfter.gpu - cpuBefore.gpu, reading, stale: await staleTickets() });
    }
  }

  if (process.env.KITCHEN_TRACE) await browser.stopTracing();
  const pct = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]! : NaN);
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—');
  const rows = results.map(({ phase, round, reading }) => {
    const { latencies, frames, longFrames, missed, pending } = reading;
    return `| ${phase === 'A' ? 'A (idle)' : 'B (updates)'} | ${round} | ${latencies.length}${missed ? ` (+${missed} not seen)` : ''}${pending ? ` (+${pending} not yet)` : ''} | ${ms(pct(latencies, 50))} | ${ms(pct(latencies, 95))} | ${latencies.length ? ms(Math.max(...latencies)) : '—'} | ${ms(pct(frames, 50))} | ${ms(Math.max(...frames))} | ${longFrames.length ? ms(Math.max(...longFrames)) : 'none'} |`;
  });
  // Load-independent: what React did (its fibers, counted by the probe), per update and per second.
  const phaseSeconds = seconds + 0.5;
  const work = results.map(({ phase, round, updates, snapshots, orders, cpuRenderer, cpuGpu, reading }) => {
    const perUpdate = (n: number) => (updates ? (n / updates).toFixed(1) : '—');
    return `| ${phase === 'A' ? 'A (idle)' : 'B (updates)'} | ${round} | ${updates} | ${reading.commits} | ${perUpdate(reading.cardRenders)} (${reading.cardRenders}) | ${(reading.ageRenders / seconds).toFixed(0)} | ${perUpdate(reading.componentRenders)} (${reading.componentRenders}) | ${snapshots} | ${orders} | ${(cpuRenderer / phaseSeconds).toFixed(0)} ms | ${(cpuGpu / phaseSeconds).toFixed(0)} ms | ${reading.longFrames.length} |`;
  });
  // The ten longest, with the phase they fell in (a loaded machine makes dozens).
  const allParts = results.flatMap(({ phase, round, reading }) => reading.longFrameParts.map((part) => ({ at: `${phase} ${round}`, ...part })));
  const parts = [...allParts]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 10)
    .map((part) => `| ${part.at} | ${ms(part.duration)} | ${ms(part.script)} | ${ms(part.styleLayout)} | ${ms(part.forcedLayout)} | ${part.top || '—'} |`);
  const b = results.filter((r) => r.phase === 'B').map((r) => r.reading);
  // Each slow update (over 50 ms by this probe, or by the probe before it), with what was going on around it.
  const OUTLIER_MS = 50;
  const updateRows = results.flatMap(({ phase, round, reading }) => reading.updates.map((u) => ({ at: `${phase} ${round}`, ...u })));
  const outliers = updateRows.filter((u) => u.latency === null || u.latency > OUTLIER_MS || (u.byOrderId ?? 0) > OUTLIER_MS);
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  const outlierRows = outliers.map(
    (u) =>
      `| ${u.at} | ${u.seq} | ${u.id} | ${u.from ?? '(new)'} → ${u.to} | ${u.latency === null ? 'never' : ms(u.latency)} | ${u.byOrderId === null ? '—' : ms(u.byOrderId)} | ${u.observerLag === null ? '—' : ms(u.observerLag)}${u.observedAfterPaint ? ' (after the paint)' : ''} | ${u.previousUpdateAgo === null ? '—' : ms(u.previousUpdateAgo)} | ${yes(u.detailsPending)} | ${yes(u.snapshotPending)} |`,
  );
  const fetchesOf = (kind: string) => results.flatMap((r) => r.reading.fetches.filter((f) => f.kind === kind).map((f) => f.duration));
  const spread = (values: number[]) => (values.length ? `${values.length}, p50 ${ms(pct(values, 50))}, max ${ms(Math.max(...values))}` : 'none');
  const byOrderIdMax = Math.max(0, ...updateRows.map((u) => u.byOrderId ?? 0));
  const staleCount = results.reduce((n, r) => n + r.stale.length, 0);
  // What an update costs the renderer beyond the idle page: (B − A) CPU over the updates sent.
  const sum = (phase: 'A' | 'B', pick: (r: (typeof results)[number]) => number) => results.filter((r) => r.phase === phase).reduce((total, r) => total + pick(r), 0);
  const updatesSent = sum('B', (r) => r.updates);
  const cpuPerUpdate = updatesSent ? (sum('B', (r) => r.cpuRenderer) - sum('A', (r) => r.cpuRenderer)) / updatesSent : NaN;
  const allLatencies = b.flatMap((r) => r.latencies);
  const worstFrame = Math.max(...b.flatMap((r) => r.frames));
  const worstLoaf = Math.max(0, ...b.flatMap((r) => r.longFrames));
  const report = [
    '# Kitchen display render benchmark',
    '',
    `Command: \`${command}\` — ${new Date().toISOString()}, ${os.cpus().length} cores, load average (1 / 5 / 15 min) ${loadAtStart} at the start and ${loadAverage()} at the end (the machine is shared: timings grow with its load; the counts below do not).`,
    '',
    `${ticketCount} live tickets at 1920×1080 in Debian's Chromium (headless, no GPU); B sends ${rate} status updates a second through /ws; A is the same page with none (baseline), interleaved A, B, A, B. Latency: update message reaching the app (its kitchen:message mark, matched by seq) → first animation frame with the ticket in its new column. Frames: requestAnimationFrame deltas. Long frames: PerformanceObserver long-animation-frame (over 50 ms).`,
    '',
    '| phase | round | updates painted | latency p50 | latency p95 | latency max | frame p50 | frame max | long animation frames (max) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'What the page did (load-independent; React commits and the fibers that ran their render in them, counted through React\'s devtools hook): ticket cards rendered per update (total), age labels rendered per second, all components rendered per update (total), what the page fetched (whole 200-ticket snapshots, single orders), CPU time per second of the page\'s renderer process and of the GPU process (all threads, SystemInfo.getProcessInfo), long animation frames.',
    '',
    '| phase | round | updates sent | React commits | ticket cards rendered per update | age labels rendered per second | components rendered per update | snapshots fetched | orders fetched | renderer CPU per second | GPU process CPU per second | long animation frames |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...work,
    '',
    ...(parts.length
      ? [`Long animation frames, split (script: event handlers and callbacks; style and layout: the frame's rendering step; forced: layout read by scripts), the ${parts.length} longest of ${allParts.length}:`, '', '| phase | duration | script | style and layout | forced layout | longest script |', '| --- | --- | --- | --- | --- | --- |', ...parts, '']
      : []),
    `Updates in detail (load-independent counts): ${updateRows.length} painted or given up on; ${updateRows.filter((u) => u.detailsPending).length} arrived while their order's details were still being fetched, ${updateRows.filter((u) => u.snapshotPending).length} while a snapshot was; ${updateRows.filter((u) => u.previousUpdateAgo !== null && u.previousUpdateAgo < 1000).length} came within a second of the same order's previous update; the app's mark reached a PerformanceObserver after the frame that painted the update for ${updateRows.filter((u) => u.observedAfterPaint).length}. Tickets on screen that differ from the scripted server at the end of a phase (wrong column, gone or missing): ${staleCount}${staleCount ? ` (${results.filter((r) => r.stale.length).map((r) => `${r.phase} ${r.round}: orders ${r.stale.join(', ')}`).join('; ')})` : ''}.`,
    '',
    `Harness, not renderer (timed apart): telling the probe about an update (a CDP round trip) ${spread(harness)}; the page's fake fetches, answered by page.route in the bench's process: single orders ${spread(fetchesOf('order'))}, snapshots ${spread(fetchesOf('snapshot'))}. The probe before this one (arrival looked up by order id through a PerformanceObserver) would have read a worst latency of ${ms(byOrderIdMax)}.`,
    '',
    ...(outlierRows.length
      ? [`Updates over ${OUTLIER_MS} ms by this probe or by the one before (its figure in the second latency column); observer: when a PerformanceObserver got the app's mark; previous: this order's previous update, that long before:`, '', '| phase | seq | order | move | latency | by order id (probe before) | observer | previous | details pending | snapshot pending |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...outlierRows, '']
      : [`No update over ${OUTLIER_MS} ms, by this probe or by the one before.`, '']),
    `Renderer CPU per update (B − A, all of its threads): ${ms(cpuPerUpdate)}; ticket cards rendered per update: ${(b.reduce((n, r) => n + r.cardRenders, 0) / (updatesSent || 1)).toFixed(1)}; age labels rendered per idle second: ${(results.filter((r) => r.phase === 'A').reduce((n, r) => n + r.reading.ageRenders, 0) / (rounds * seconds)).toFixed(0)}.`,
    '',
    `Under updates: latency p95 ${ms(pct(allLatencies, 95))}, max ${ms(Math.max(...allLatencies))} (goal ≤ 100 ms); longest frame ${ms(worstFrame)}, longest long-animation-frame ${worstLoaf ? ms(worstLoaf) : 'none'} (goal ≤ 50 ms).`,
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  // KITCHEN_REPORT=path: write the report there instead (trial runs that should not replace the published one).
  writeFileSync(path.resolve(process.env.KITCHEN_REPORT ?? 'bench/reports/kitchen-render.md'), report);
} finally {
  await browser.close();
  await canteen?.stop();
}
