/**
 * Screenshots of the kitchen display (1920×1080, about 40 live tickets) and the pickup board
 * (1280×720), taken from the real canteen in Debian's Chromium with real orders placed through
 * the BFF, into docs/screenshots/. Starts its own canteen, or uses CANTEEN_URL when given.
 * The 40 orders are placed a few at a time in parallel (each a real order, paid through the
 * payments service as a phone's would be).
 * The age timers should show amber and red as they would at lunch. By default the kitchen page's
 * copy of GET /api/kitchen/tickets says the first 12 orders were placed 6 and 11 minutes
 * earlier (only their created_at; everything else is the server's answer), so the run takes
 * about a minute. AGE_WAIT_SECONDS=630 places the first 12 that long before the rest instead
 * and changes nothing in the answer (about twelve minutes).
 *
 *   node_modules/.bin/tsx scripts/kitchen-screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BOARD_VIEWPORT, canteenApi, KITCHEN_VIEWPORT, signInKitchen, STAFF, type ApiMenuItem } from '../e2e/kitchen/helpers.ts';
import { launchChromium, startCanteen, type Canteen } from '../e2e/pwa/helpers.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const NOTES = ['no onion', 'extra spicy', 'less oil', 'pack to take away', 'no sugar'];
const STUDENTS = ['Asha Rao', 'Vikram Singh', 'Meera Iyer', 'Rahul Menon', 'Divya Nair'];

const canteen: Canteen | null = process.env.CANTEEN_URL ? null : await startCanteen();
const base = process.env.CANTEEN_URL ?? canteen!.url;
const api = canteenApi(base);
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });

/** A line of a real order: sometimes with the first option of an optional group, sometimes a note. */
function line(item: ApiMenuItem, i: number) {
  const group = item.option_groups?.find((candidate) => (candidate.min ?? 0) === 0 && (candidate.options?.length ?? 0) > 0);
  return {
    menu_item_id: item.id,
    quantity: 1 + (i % 3 === 0 ? 1 : 0),
    ...(group && i % 2 === 0 ? { options: [{ group_id: group.id, option_ids: [group.options![0]!.id] }] } : {}),
    ...(i % 5 === 1 ? { special_instructions: NOTES[i % NOTES.length] } : {}),
  };
}

try {
  const staff = await api.login(STAFF);
  const menu = (await api.menu()).filter((item) => item.available && item.stock === null && !(item.option_groups ?? []).some((group) => (group.min ?? 0) > 0));
  const students = await Promise.all(STUDENTS.map((name) => api.register(name)));
  const waitSeconds = Number(process.env.AGE_WAIT_SECONDS ?? 0);
  const place = async (i: number) => {
    const items = [menu[(i * 7) % menu.length]!, ...(i % 3 === 0 ? [menu[(i * 11 + 3) % menu.length]!] : []), ...(i % 4 === 0 ? [menu[(i * 5 + 1) % menu.length]!] : [])];
    return (await api.placeOrder(students[i % students.length]!, { items: items.map((item, n) => line(item, i + n)), payment_method: i % 13 === 5 ? 'cash' : 'mock' })).id;
  };
  /** Orders from..to-1, four at a time, in order of their index (the queue numbers follow it closely). */
  async function placeRange(from: number, to: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = from; i < to; i += 4) ids.push(...(await Promise.all(Array.from({ length: Math.min(4, to - i) }, (_, n) => place(i + n)))));
    return ids;
  }
  const orders = await placeRange(0, 12);
  if (waitSeconds > 0) {
    process.stdout.write(`waiting ${waitSeconds} s so the first tickets age…\n`);
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
  }
  orders.push(...(await placeRange(12, 40)));
  /** Minutes earlier the kitchen page is told each of the first 12 orders was placed (none with AGE_WAIT_SECONDS). */
  const agedMinutes = new Map(waitSeconds > 0 ? [] : orders.slice(0, 12).map((id, i) => [id, i < 6 ? 11 : 6] as const));
  // Let the payments confirm, then put some in the kitchen's later columns.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  // Two of the oldest still wait in New (their timers red), some cook, a few are ready.
  for (const id of [...orders.slice(0, 4), ...orders.slice(6, 20)]) await api.setStatus(staff, id, 'preparing').catch(() => undefined);
  for (const id of [...orders.slice(0, 4), ...orders.slice(14, 16)]) await api.setStatus(staff, id, 'ready').catch(() => undefined);
  for (const id of [orders[20]!, orders[25]!]) {
    await fetch(`${base}/api/queue/order/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: JSON.stringify({ priority: 5 }) });
  }

  const tv = await (await browser.newContext(BOARD_VIEWPORT)).newPage();
  await tv.goto(`${base}/board`);
  await tv.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: 20_000 });
  // One more turns ready while the board watches: it is shown highlighted.
  await api.setStatus(staff, orders[10]!, 'ready');
  await tv.getByRole('listitem', { name: /just ready/ }).waitFor({ timeout: 10_000 });
  await tv.waitForTimeout(2000); // past the highlight's animation
  await tv.screenshot({ path: path.join(OUT, 'board.png') });

  const kitchen = await (await browser.newContext({ ...KITCHEN_VIEWPORT, colorScheme: 'dark' })).newPage();
  if (agedMinutes.size > 0) {
    // The snapshot's tickets, and the cash orders waiting at the counter (placed orders).
    await kitchen.route(/\/api\/(kitchen\/tickets|orders\/\?status=placed)/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { tickets: { id: number; created_at: string }[] } | { id: number; created_at: string }[];
      for (const order of Array.isArray(body) ? body : body.tickets) {
        const minutes = agedMinutes.get(order.id);
        if (minutes) order.created_at = new Date(Date.parse(order.created_at) - minutes * 60_000).toISOString();
      }
      await route.fulfill({ response, json: body });
    });
  }
  await kitchen.goto(`${base}/kitchen`);
  await kitchen.screenshot({ path: path.join(OUT, 'kitchen-sign-in.png') });
  await signInKitchen(kitchen, base);
  await kitchen.getByRole('article').nth(30).waitFor({ timeout: 20_000 });
  await kitchen.getByRole('button', { name: /^Start #/ }).nth(2).click();
  await kitchen.waitForTimeout(1500);
  // Clicking scrolled that column to the button: every column from its top, as a cook first sees it.
  await kitchen.evaluate("document.querySelectorAll('.lane-cards').forEach((lane) => lane.scrollTo(0, 0))");
  const first = await kitchen.getByRole('region', { name: /^New/ }).getByRole('heading', { level: 3 }).first().textContent();
  await kitchen.keyboard.type((first ?? '').replace('#', ''));
  await kitchen.waitForTimeout(500);
  await kitchen.screenshot({ path: path.join(OUT, 'kitchen.png') });
  process.stdout.write('docs/screenshots/kitchen-sign-in.png\ndocs/screenshots/kitchen.png\ndocs/screenshots/board.png\n');
} finally {
  await browser.close();
  await canteen?.stop();
}
