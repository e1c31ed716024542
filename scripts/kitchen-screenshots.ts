/**
 * Screenshots of the kitchen display (1920×1080, about 40 live tickets) and the pickup board
 * (1280×720), taken from the real canteen in Debian's Chromium with real orders placed through
 * the BFF, into docs/screenshots/. Starts its own canteen, or uses CANTEEN_URL when given.
 * The first 12 orders are placed AGE_WAIT_SECONDS (default 630) before the rest, so that the
 * age timers show amber and red as they would at lunch: the run takes about twelve minutes.
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
  const orders: number[] = [];
  const waitSeconds = Number(process.env.AGE_WAIT_SECONDS ?? 630);
  for (let i = 0; i < 40; i += 1) {
    if (i === 12) {
      process.stdout.write(`waiting ${waitSeconds} s so the first tickets age…\n`);
      await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
    }
    const items = [menu[(i * 7) % menu.length]!, ...(i % 3 === 0 ? [menu[(i * 11 + 3) % menu.length]!] : []), ...(i % 4 === 0 ? [menu[(i * 5 + 1) % menu.length]!] : [])];
    const order = await api.placeOrder(students[i % students.length]!, { items: items.map((item, n) => line(item, i + n)), payment_method: i % 13 === 5 ? 'cash' : 'mock' });
    orders.push(order.id);
  }
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
  await kitchen.goto(`${base}/kitchen`);
  await kitchen.screenshot({ path: path.join(OUT, 'kitchen-sign-in.png') });
  await signInKitchen(kitchen, base);
  await kitchen.getByRole('article').nth(30).waitFor({ timeout: 20_000 });
  await kitchen.getByRole('button', { name: /^Start #/ }).nth(2).click();
  await kitchen.waitForTimeout(1500);
  const first = await kitchen.getByRole('region', { name: /^New/ }).getByRole('heading', { level: 3 }).first().textContent();
  await kitchen.keyboard.type((first ?? '').replace('#', ''));
  await kitchen.waitForTimeout(500);
  await kitchen.screenshot({ path: path.join(OUT, 'kitchen.png') });
  process.stdout.write('docs/screenshots/kitchen-sign-in.png\ndocs/screenshots/kitchen.png\ndocs/screenshots/board.png\n');
} finally {
  await browser.close();
  await canteen?.stop();
}
