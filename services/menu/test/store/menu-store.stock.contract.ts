import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MenuStore } from '../../src/store/menu.store.ts';
import { drainOutbox, eventRecorder, newCategory, newItem, noEvents, type OpenedMenuStore, type OpenMenuStore, tagged } from './menu-store.fixtures.ts';

/**
 * Stock reservations, the same on every `MenuStore` adapter: holds are all-or-nothing and
 * never oversell, a release gives back exactly once, and an item sells out at 0 and comes
 * back when stock returns, each change with its menu.item.changed event.
 */
export function menuStoreStockContract(name: string, open: OpenMenuStore): void {
  describe(name, () => {
    let opened: OpenedMenuStore | undefined;
    const store = (): MenuStore => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };
    const at = new Date('2026-03-02T12:00:00Z');

    beforeAll(async () => {
      opened = await open();
      await opened.store.migrate();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    const counted = async (stock: number | null) => {
      const category = await store().createCategory(newCategory());
      return store().createItem(newItem(category.id, { stock }), noEvents);
    };
    const reserve = (lines: { itemId: string; quantity: number }[], id = randomUUID()) =>
      store().reserveStock({ id, lines, at }, noEvents);
    const stockOf = async (id: string) => (await store().getItem(id))!.stock;

    it('when a hold takes some of the stock, then the count goes down and the reservation is held with its lines', async () => {
      const item = await counted(5);
      const id = randomUUID();

      const outcome = await reserve([{ itemId: item.id, quantity: 2 }], id);

      expect(outcome).toMatchObject({ kind: 'held', reservation: { id, state: 'held', orderId: null, lines: [{ itemId: item.id, quantity: 2 }] } });
      expect(await stockOf(item.id)).toBe(3);
      expect((await store().getItem(item.id))!.available).toBe(true);
      expect(await store().getReservation(id)).toMatchObject({ state: 'held', lines: [{ itemId: item.id, quantity: 2 }] });
    });

    it('when the same reservation id is asked for again, then nothing more is taken and the answer is exists', async () => {
      const item = await counted(5);
      const id = randomUUID();
      await reserve([{ itemId: item.id, quantity: 2 }], id);

      const again = await reserve([{ itemId: item.id, quantity: 2 }], id);

      expect(again.kind).toBe('exists');
      expect(await stockOf(item.id)).toBe(3);
    });

    it('when one line is short, then nothing is taken from any line and the shortfall says what is left', async () => {
      const plenty = await counted(10);
      const scarce = await counted(1);

      const outcome = await reserve([
        { itemId: plenty.id, quantity: 3 },
        { itemId: scarce.id, quantity: 2 },
      ]);

      expect(outcome).toEqual({ kind: 'short', shortfalls: [{ itemId: scarce.id, name: scarce.name, left: 1 }] });
      expect(await stockOf(plenty.id)).toBe(10);
      expect(await stockOf(scarce.id)).toBe(1);
    });

    it('when two lines name the same item, then their quantities count together', async () => {
      const item = await counted(3);

      const outcome = await reserve([
        { itemId: item.id, quantity: 2 },
        { itemId: item.id, quantity: 2 },
      ]);

      expect(outcome).toMatchObject({ kind: 'short', shortfalls: [{ itemId: item.id, left: 3 }] });
      expect(await stockOf(item.id)).toBe(3);
    });

    it('when an item is not counted, then a hold leaves it alone and keeps no line for it', async () => {
      const unlimited = await counted(null);
      const limited = await counted(4);

      const outcome = await reserve([
        { itemId: unlimited.id, quantity: 50 },
        { itemId: limited.id, quantity: 1 },
      ]);

      expect(outcome).toMatchObject({ kind: 'held', reservation: { lines: [{ itemId: limited.id, quantity: 1 }] } });
      expect(await store().getItem(unlimited.id)).toEqual(unlimited);
    });

    it('when a hold takes the last units, then the item goes off sale with an event, and the next hold is refused as sold out', async () => {
      const item = await counted(2);
      const recorder = eventRecorder();

      await store().reserveStock({ id: randomUUID(), lines: [{ itemId: item.id, quantity: 2 }], at }, recorder.events);

      const after = (await store().getItem(item.id))!;
      expect(after).toMatchObject({ stock: 0, available: false });
      expect(recorder.calls.at(-1)).toMatchObject({ before: { stock: 2, available: true }, after: { stock: 0, available: false } });
      expect(tagged(await drainOutbox(store()), recorder.tag)).toHaveLength(1);
      expect(await reserve([{ itemId: item.id, quantity: 1 }])).toEqual({
        kind: 'short',
        shortfalls: [{ itemId: item.id, name: item.name, left: 0 }],
      });
    });

    it('when many holds race for the last units, then exactly the stock is sold', async () => {
      const item = await counted(7);

      const outcomes = await Promise.all(Array.from({ length: 25 }, () => reserve([{ itemId: item.id, quantity: 1 }])));

      expect(outcomes.filter((outcome) => outcome.kind === 'held')).toHaveLength(7);
      expect(outcomes.filter((outcome) => outcome.kind === 'short')).toHaveLength(18);
      expect(await store().getItem(item.id)).toMatchObject({ stock: 0, available: false });
    });

    it('when an unknown item is held, then the hold is refused and names it', async () => {
      const outcome = await reserve([{ itemId: '0123456789abcdef01234567', quantity: 1 }]);
      expect(outcome).toEqual({ kind: 'short', shortfalls: [{ itemId: '0123456789abcdef01234567', name: null, left: 0 }] });
    });

    it('when a sold-out hold is released, then the stock comes back, the item is on sale again with an event, and a second release gives nothing', async () => {
      const item = await counted(1);
      const id = randomUUID();
      await reserve([{ itemId: item.id, quantity: 1 }], id);
      const recorder = eventRecorder();

      expect(await store().releaseReservation({ reservationId: id }, at, recorder.events)).toBe('released');
      expect(await store().releaseReservation({ reservationId: id }, at, recorder.events)).toBe('already_released');

      expect(await store().getItem(item.id)).toMatchObject({ stock: 1, available: true });
      expect(recorder.calls).toHaveLength(1);
      expect(recorder.calls[0]).toMatchObject({ before: { stock: 0, available: false }, after: { stock: 1, available: true } });
      expect(await store().getReservation(id)).toMatchObject({ state: 'released', releasedAt: at });
    });

    it('when releases of one reservation race, then the stock comes back once', async () => {
      const item = await counted(5);
      const id = randomUUID();
      await reserve([{ itemId: item.id, quantity: 3 }], id);

      const outcomes = await Promise.all(Array.from({ length: 6 }, () => store().releaseReservation({ reservationId: id }, at, noEvents)));

      expect(outcomes.filter((outcome) => outcome === 'released')).toHaveLength(1);
      expect(await stockOf(item.id)).toBe(5);
    });

    it('when a claimed reservation is released by its order id, then the stock comes back', async () => {
      const item = await counted(4);
      const id = randomUUID();
      const orderId = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      await reserve([{ itemId: item.id, quantity: 4 }], id);

      expect(await store().claimReservation(id, orderId, at, noEvents)).toMatchObject({ id, orderId, state: 'held' });
      expect(await store().releaseReservation({ orderId }, at, noEvents)).toBe('released');
      expect(await store().releaseReservation({ orderId }, at, noEvents)).toBe('already_released');

      expect(await store().getItem(item.id)).toMatchObject({ stock: 4, available: true });
    });

    it('when the order is cancelled before its reservation is claimed, then the claim releases it at once', async () => {
      const item = await counted(2);
      const id = randomUUID();
      const orderId = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      await reserve([{ itemId: item.id, quantity: 2 }], id);

      expect(await store().releaseReservation({ orderId }, at, noEvents)).toBe('unknown');
      expect(await stockOf(item.id)).toBe(0);
      expect(await store().claimReservation(id, orderId, at, noEvents)).toMatchObject({ orderId, state: 'released' });

      expect(await stockOf(item.id)).toBe(2);
    });

    it('when a reservation is unknown, then claiming it answers nothing and releasing it is unknown', async () => {
      expect(await store().claimReservation(randomUUID(), 42, at, noEvents)).toBeUndefined();
      expect(await store().releaseReservation({ reservationId: randomUUID() }, at, noEvents)).toBe('unknown');
    });

    it('when held reservations were never claimed by an order, then the sweep releases only those older than the cut-off', async () => {
      const item = await counted(10);
      const old = randomUUID();
      const claimed = randomUUID();
      const fresh = randomUUID();
      await store().reserveStock({ id: old, lines: [{ itemId: item.id, quantity: 1 }], at: new Date(at.getTime() - 60_000) }, noEvents);
      await store().reserveStock({ id: claimed, lines: [{ itemId: item.id, quantity: 2 }], at: new Date(at.getTime() - 60_000) }, noEvents);
      await store().claimReservation(claimed, 2_000_000_000 + Math.floor(Math.random() * 1_000_000), at, noEvents);
      await store().reserveStock({ id: fresh, lines: [{ itemId: item.id, quantity: 4 }], at }, noEvents);

      await store().releaseUnclaimed(new Date(at.getTime() - 1_000), at, noEvents);

      expect((await store().getReservation(old))!.state).toBe('released');
      expect((await store().getReservation(claimed))!.state).toBe('held');
      expect((await store().getReservation(fresh))!.state).toBe('held');
      expect(await stockOf(item.id)).toBe(4);
    });
  });
}
