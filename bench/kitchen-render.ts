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
 *    PerformanceObserver('long-animation-frame').
 * Goal (issue 13): an update painted within 100 ms, no frame over 50 ms.
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
const command = `node_modules/.bin/tsx bench/kitchen-render.ts ${seconds} ${rounds} ${ticketCount} ${rate}`;

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
  await page.route('**/api/kitchen/tickets', (route) => ((fetched.snapshots += 1), route.fulfill({ json: kitchen.snapshot() })));
  await page.route(/\/api\/orders\/\?status=placed/, (route) => route.fulfill({ json: [] }));
  await page.route(/\/api\/orders\/\d+$/, (route) => {
    fetched.orders += 1;
    const order = kitchen.order(Number(new URL(route.request().url()).pathname.split('/').pop()));
    return order ? route.fulfill({ json: order }) : route.fulfill({ status: 404, json: { error: { code: 'NOT_FOUND', message: 'No such order' } } });
  });
  await page.routeWebSocket(/\/ws$/, (ws) => {
    socket = ws;
    ws.onMessage((text) => {
      const message = JSON.parse(String(text)) as { type: string };
      if (message.type === 'auth') {
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
  const results: { phase: 'A' | 'B'; round: number; updates: number; snapshots: number; orders: number; cpuRenderer: number; cpuGpu: number; reading: ProbeReading }[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const phase of ['A', 'B'] as const) {
      await page.evaluate('window.__kitchenProbe.reset()');
      const end = Date.now() + seconds * 1000;
      let updates = 0;
      fetched.snapshots = 0;
      fetched.orders = 0;
      const cpuBefore = await cpu();
      while (Date.now() < end) {
        if (phase === 'B' && socket) {
          updates += 1;
          const update = kitchen.step();
          seq += 1;
          (socket as WebSocketRoute).send(JSON.stringify({ type: 'status_update', seq, data: update.item }));
          await page.evaluate(`window.__kitchenProbe.expect(${update.item.order_id}, ${JSON.stringify(update.lane)})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      const cpuAfter = await cpu();
      results.push({ phase, round, updates, ...fetched, cpuRenderer: cpuAfter.renderer - cpuBefore.renderer, cpuGpu: cpuAfter.gpu - cpuBefore.gpu, reading: (await page.evaluate('window.__kitchenProbe.read()')) as ProbeReading });
    }
  }

  if (process.env.KITCHEN_TRACE) await browser.stopTracing();
  const pct = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]! : NaN);
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—');
  const rows = results.map(({ phase, round, reading }) => {
    const { latencies, frames, longFrames, missed } = reading;
    return `| ${phase === 'A' ? 'A (idle)' : 'B (updates)'} | ${round} | ${latencies.length}${missed ? ` (+${missed} not seen)` : ''} | ${ms(pct(latencies, 50))} | ${ms(pct(latencies, 95))} | ${latencies.length ? ms(Math.max(...latencies)) : '—'} | ${ms(pct(frames, 50))} | ${ms(Math.max(...frames))} | ${longFrames.length ? ms(Math.max(...longFrames)) : 'none'} |`;
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
    `${ticketCount} live tickets at 1920×1080 in Debian's Chromium (headless, no GPU); B sends ${rate} status updates a second through /ws; A is the same page with none (baseline), interleaved A, B, A, B. Latency: update message reaching the app (its kitchen:message mark) → first animation frame with the ticket in its new column. Frames: requestAnimationFrame deltas. Long frames: PerformanceObserver long-animation-frame (over 50 ms).`,
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
    `Renderer CPU per update (B − A, all of its threads): ${ms(cpuPerUpdate)}; ticket cards rendered per update: ${(b.reduce((n, r) => n + r.cardRenders, 0) / (updatesSent || 1)).toFixed(1)}; age labels rendered per idle second: ${(results.filter((r) => r.phase === 'A').reduce((n, r) => n + r.reading.ageRenders, 0) / (rounds * seconds)).toFixed(0)}.`,
    '',
    `Under updates: latency p95 ${ms(pct(allLatencies, 95))}, max ${ms(Math.max(...allLatencies))} (goal ≤ 100 ms); longest frame ${ms(worstFrame)}, longest long-animation-frame ${worstLoaf ? ms(worstLoaf) : 'none'} (goal ≤ 50 ms).`,
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  writeFileSync(path.resolve('bench/reports/kitchen-render.md'), report);
} finally {
  await browser.close();
  await canteen?.stop();
}
