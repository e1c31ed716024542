import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, startCanteen, type Canteen } from '../pwa/helpers.ts';
import { BOARD_VIEWPORT, canteenApi, KITCHEN_VIEWPORT, signInKitchen, simpleDishes, STAFF, STUDENT, type ApiMenuItem } from './helpers.ts';

/**
 * The kitchen display at /kitchen and the pickup board at /board in Debian's Chromium against
 * the real canteen (the launcher `npm start` runs), driven by roles, labels and keys as a cook
 * would. One canteen for both: starting one costs a minute on a loaded two-core machine.
 */
const SECOND = 1000;

describe.skipIf(!chromiumAvailable('the kitchen display and board in Chromium'))('the kitchen display and the pickup board in Chromium', { timeout: 90 * SECOND }, () => {
  let canteen: Canteen;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ReturnType<typeof canteenApi>;
  let student: string;
  let staff: string;
  let dishes: ApiMenuItem[];

  const lane = (name: 'New' | 'Preparing' | 'Ready') => page.getByRole('region', { name: new RegExp(`^${name}\\b`) });
  const ticketOf = (orderId: number) => page.getByRole('article', { name: new RegExp(`, order ${orderId}$`) });
  const readySounds = async () => Number(await page.getByLabel('Sounds played').getAttribute('data-ready-sounds'));
  const statusOf = async (orderId: number) => (await api.order(staff, orderId)).status;
  /** A paid order of the demo student, and its queue number once the kitchen has it. */
  async function paidOrder(dish = dishes[0]!, note?: string) {
    const order = await api.placeOrder(student, { items: [{ menu_item_id: dish.id, quantity: 1, ...(note ? { special_instructions: note } : {}) }] });
    await expect.poll(async () => (await api.order(staff, order.id)).queue_number, { timeout: 10 * SECOND }).not.toBeNull();
    await ticketOf(order.id).waitFor({ timeout: 10 * SECOND });
    return { id: order.id, number: (await api.order(staff, order.id)).queue_number! };
  }

  beforeAll(async () => {
    [canteen, browser] = await Promise.all([startCanteen(), launchChromium()]);
    api = canteenApi(canteen.url);
    [student, staff, dishes] = await Promise.all([api.login(STUDENT), api.login(STAFF), simpleDishes(canteen.url)]);
    context = await browser.newContext(KITCHEN_VIEWPORT);
    page = await context.newPage();
    await signInKitchen(page, canteen.url);
  }, 240 * SECOND);
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await canteen?.stop();
  });

  it('when a student pays for an order, then its ticket shows under New within a second, with its note', async () => {
    const order = await api.placeOrder(student, { items: [{ menu_item_id: dishes[1]!.id, quantity: 2, special_instructions: 'no onion' }] });
    // The second is the kitchen's: counted from the moment the API first reports the order paid
    // (confirmed), not from the student's tap (the payment's own trip through the bus on a
    // loaded two-core machine is not the screen's to answer for).
    await expect.poll(async () => (await api.order(staff, order.id)).status, { timeout: 20 * SECOND, interval: 50 }).toBe('confirmed');
    await lane('New').getByRole('article', { name: new RegExp(`, order ${order.id}$`) }).waitFor({ timeout: SECOND });
    await expect.poll(() => ticketOf(order.id).textContent()).toContain('Note: no onion');
    await expect.poll(() => ticketOf(order.id).textContent()).toContain(`2×${dishes[1]!.name}`.replace('×', '× '));
  });

  it('when the cook bumps by touch and then by the keyboard, then the ticket moves and the student\'s order follows, with the ready sound', async () => {
    const { id, number } = await paidOrder();
    await page.getByRole('button', { name: `Start #${number}` }).click();
    await lane('Preparing').getByRole('article', { name: new RegExp(`, order ${id}$`) }).waitFor();
    await expect.poll(() => statusOf(id), { timeout: 10 * SECOND }).toBe('preparing');

    const soundsBefore = await readySounds();
    await page.keyboard.press('Escape');
    await page.keyboard.type(String(number));
    await expect.poll(() => ticketOf(id).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Enter');
    await lane('Ready').getByRole('article', { name: new RegExp(`, order ${id}$`) }).waitFor();
    await expect.poll(() => statusOf(id), { timeout: 10 * SECOND }).toBe('ready');
    await expect.poll(readySounds, { timeout: 5 * SECOND }).toBe(soundsBefore + 1);
  });

  it('when the cook recalls a bump by key and by touch, then the ticket comes back and the order never moved', async () => {
    const { id, number } = await paidOrder();
    await page.getByRole('button', { name: `Start #${number}` }).click();
    await lane('Preparing').getByRole('article', { name: new RegExp(`, order ${id}$`) }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await lane('New').getByRole('article', { name: new RegExp(`, order ${id}$`) }).waitFor();

    await page.getByRole('button', { name: `Start #${number}` }).click();
    await page.getByRole('button', { name: `Recall #${number}` }).click();
    await lane('New').getByRole('article', { name: new RegExp(`, order ${id}$`) }).waitFor();
    // Past the recall window: nothing was sent.
    await page.waitForTimeout(4 * SECOND);
    expect(await statusOf(id)).toBe('confirmed');
    await expect.poll(() => lane('New').getByRole('article', { name: new RegExp(`, order ${id}$`) }).count()).toBe(1);
  });

  it('when bumps are made while the server is unreachable, then they arrive after it returns, in order, once each', async () => {
    const first = await paidOrder();
    const second = await paidOrder(dishes[2]);
    const arrived: string[] = [];
    page.on('requestfinished', (request) => {
      const match = /\/api\/orders\/(\d+)\/status$/.exec(new URL(request.url()).pathname);
      if (match && request.method() === 'PUT') arrived.push(`${match[1]}:${(JSON.parse(request.postData() ?? '{}') as { status: string }).status}`);
    });
    await context.setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'Offline' }).waitFor();
    await page.getByRole('button', { name: `Start #${first.number}` }).click();
    await page.getByRole('button', { name: `Start #${second.number}` }).click();
    await page.getByRole('button', { name: `Ready #${first.number}` }).click();
    await lane('Ready').getByRole('article', { name: new RegExp(`, order ${first.id}$`) }).waitFor();
    // Past the recall window while offline: the sends fail and are kept.
    await page.waitForTimeout(4 * SECOND);
    expect(arrived).toEqual([]);
    await expect.poll(() => page.getByRole('status', { name: /^Connection/ }).textContent()).toMatch(/3 bumps waiting to send/);

    await context.setOffline(false);
    await expect.poll(() => statusOf(first.id), { timeout: 15 * SECOND }).toBe('ready');
    await expect.poll(() => statusOf(second.id), { timeout: 15 * SECOND }).toBe('preparing');
    // The server may have moved the order before the page reports its request finished.
    await expect.poll(() => arrived, { timeout: 5 * SECOND }).toEqual([`${first.id}:preparing`, `${second.id}:preparing`, `${first.id}:ready`]);
  });

  it('when a student orders to pay cash and the counter takes it, then the order is paid and numbered, and the student\'s order follows', async () => {
    const order = await api.placeOrder(student, { items: [{ menu_item_id: dishes[4 % dishes.length]!.id, quantity: 1 }], payment_method: 'cash' });
    expect([order.status, order.payment_status, order.queue_number]).toEqual(['placed', 'pending', null]);
    // The live stream carries only paid orders: the screen finds cash ones by itself (CASH_POLL_MS).
    const waiting = lane('New').getByRole('article', { name: `Ticket No number · id ${order.id}, order ${order.id}` });
    await waiting.waitFor({ timeout: 15 * SECOND });
    expect(await waiting.textContent()).toMatch(/Cash due ₹/);
    expect(await waiting.getByRole('button', { name: /^Start/ }).count()).toBe(0);

    await waiting.getByRole('button', { name: new RegExp(`^Take ₹[\\d,.]+ cash for No number · id ${order.id}$`) }).click();
    await expect.poll(async () => (await page.getByRole('contentinfo').textContent()) ?? '').toContain('Cash taken: the order goes to the kitchen.');
    // The student's own view of the order (what their app reads): paid, confirmed, numbered.
    await expect.poll(async () => { const mine = await api.order(student, order.id); return [mine.payment_status, mine.status]; }, { timeout: 15 * SECOND }).toEqual(['paid', 'confirmed']);
    const number = (await api.order(student, order.id)).queue_number;
    expect(number).not.toBeNull();
    const paid = ticketOf(order.id);
    await expect.poll(() => paid.getAttribute('aria-label'), { timeout: 10 * SECOND }).toBe(`Ticket #${number}, order ${order.id}`);
    expect(await paid.textContent()).toContain('✓ Paid');

    // From here it is an order like any other: a bump moves the student's order too.
    await page.getByRole('button', { name: `Start #${number}` }).click();
    await lane('Preparing').getByRole('article', { name: new RegExp(`, order ${order.id}$`) }).waitFor();
    await expect.poll(async () => (await api.order(student, order.id)).status, { timeout: 10 * SECOND }).toBe('preparing');
  });

  it('when the cook cancels an order, then an empty reason is refused and changes nothing, and with a reason the student sees it cancelled and refunded', async () => {
    const { id, number } = await paidOrder();
    await page.getByRole('button', { name: `Cancel #${number}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel #${number}?` });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'Other' }).check();
    await dialog.getByLabel('Reason in your words').fill('   ');
    await dialog.getByRole('button', { name: `Cancel #${number}`, exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Write the reason: the student is told it. Nothing was cancelled.');
    expect(await dialog.getByLabel('Reason in your words').getAttribute('aria-invalid')).toBe('true');
    expect(await statusOf(id)).toBe('confirmed');
    expect(await ticketOf(id).count()).toBe(1);

    await dialog.getByLabel('Reason in your words').fill('Dropped the tray');
    await dialog.getByRole('button', { name: `Cancel #${number}`, exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => ticketOf(id).count(), { timeout: 10 * SECOND }).toBe(0);
    // The student's own view (their app shows "Cancelled: <reason>" from it); the card payment goes back.
    await expect
      .poll(async () => { const mine = await api.order(student, id); return [mine.status, mine.cancel_reason, mine.payment_status]; }, { timeout: 15 * SECOND })
      .toEqual(['cancelled', 'Dropped the tray', 'refunded']);
  });

  it('when the cook marks a dish sold out from a ticket, then the menu says so, and Undo brings it back', async () => {
    const dish = dishes[3]!;
    const { id } = await paidOrder(dish);
    await ticketOf(id).getByRole('button', { name: `Mark ${dish.name} sold out` }).click();
    const availability = async () => (await api.menu()).find((item) => item.id === dish.id)?.available;
    await expect.poll(availability, { timeout: 5 * SECOND }).toBe(false);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(availability, { timeout: 5 * SECOND }).toBe(true);
  });

  it('when axe checks the kitchen screen with tickets, then it finds no serious or critical violation', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(bad.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('when a student account signs in to the kitchen, then it is refused with a clear message and the sign-in form is axe-clean', async () => {
    const other = await browser.newContext(KITCHEN_VIEWPORT);
    try {
      const studentPage = await other.newPage();
      await studentPage.goto(`${canteen.url}/kitchen`);
      const results = await new AxeBuilder({ page: studentPage }).analyze();
      expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
      await studentPage.getByLabel('Email').fill(STUDENT.email);
      await studentPage.getByLabel('Password').fill(STUDENT.password);
      await studentPage.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => studentPage.getByRole('alert').textContent()).toMatch(/student account.*staff or admin account/);
      expect(await studentPage.getByRole('region', { name: /^New/ }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('when an order turns ready, then the board shows its number under Ready, highlighted, with no personal data, and passes axe', async () => {
    const board = await browser.newContext(BOARD_VIEWPORT);
    try {
      const tv = await board.newPage();
      await tv.goto(`${canteen.url}/board`);
      await tv.getByRole('status', { name: 'Connection: Live' }).waitFor({ timeout: 20 * SECOND });
      const { id, number } = await paidOrder();
      const preparing = tv.getByRole('list', { name: 'Orders being prepared' });
      await preparing.getByText(String(number), { exact: true }).waitFor({ timeout: 5 * SECOND });
      await api.setStatus(staff, id, 'preparing');
      await api.setStatus(staff, id, 'ready');
      const ready = tv.getByRole('list', { name: 'Orders ready to collect' });
      await ready.getByRole('listitem', { name: `${number}, just ready` }).waitFor({ timeout: 5 * SECOND });
      const text = (await tv.locator('body').textContent()) ?? '';
      for (const secret of ['Demo Student', STUDENT.email, '@', '₹', dishes[0]!.name]) expect(text).not.toContain(secret);
      const results = await new AxeBuilder({ page: tv }).analyze();
      expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);
    } finally {
      await board.close();
    }
  });
});
