import { describe, expect, it } from 'vitest';
import type { QueueItem } from '@canteen/contracts';
import { moveSelection } from '../features/useBumpBar.ts';
import { ageLevel, allDayCounts, lanesOf, nextStatus, ticketFromQueueItem, type Ticket } from './ticket.ts';

const ticket = (id: number, patch: Partial<Ticket> = {}): Ticket => ({
  id,
  number: id,
  status: 'confirmed',
  createdAt: id * 1000,
  priority: 0,
  paymentMethod: 'mock',
  paid: true,
  total: 100,
  note: null,
  lines: [{ menuItemId: 'm1', name: 'Masala Dosa', quantity: 1, options: [], note: null, station: 'dosa' }],
  complete: true,
  ...patch,
});

describe('the kitchen ticket model', () => {
  it('when tickets are laid out, then each lane has priority first, then the oldest', () => {
    const lanes = lanesOf([ticket(3), ticket(1), ticket(2, { priority: 5 }), ticket(4, { status: 'preparing' }), ticket(5, { status: 'ready' }), ticket(6, { status: 'placed', paid: false, paymentMethod: 'cash' })], null);
    expect(lanes.new.map((t) => t.id)).toEqual([2, 1, 3, 6]);
    expect(lanes.preparing.map((t) => t.id)).toEqual([4]);
    expect(lanes.ready.map((t) => t.id)).toEqual([5]);
  });

  it('when a station is chosen, then only tickets with a dish of that station show, and the all-day counts are that station\'s', () => {
    const drinks = { menuItemId: 'm2', name: 'Masala Chaas', quantity: 2, options: [], note: null, station: 'drinks' };
    const tickets = [ticket(1), ticket(2, { lines: [drinks] }), ticket(3, { lines: [...ticket(3).lines, drinks] }), ticket(4, { status: 'ready', lines: [drinks] })];
    expect(lanesOf(tickets, 'drinks').new.map((t) => t.id)).toEqual([2, 3]);
    expect(allDayCounts(tickets, 'drinks')).toEqual([{ name: 'Masala Chaas', count: 4 }]);
    expect(allDayCounts(tickets, null)).toEqual([{ name: 'Masala Chaas', count: 4 }, { name: 'Masala Dosa', count: 2 }]);
  });

  it('when a ticket is bumped, then it moves one step and a cash order waiting for its money is not bumped', () => {
    expect(nextStatus({ status: 'confirmed' })).toBe('preparing');
    expect(nextStatus({ status: 'preparing' })).toBe('ready');
    expect(nextStatus({ status: 'ready' })).toBe('completed');
    expect(nextStatus({ status: 'placed' })).toBeNull();
  });

  it('when a ticket waits, then its timer turns amber at 5 minutes and red at 10', () => {
    expect([ageLevel(299), ageLevel(300), ageLevel(599), ageLevel(600)]).toEqual(['ok', 'warn', 'warn', 'late']);
  });

  it('when only the live stream\'s entry is known, then a ticket outline is shown without the sold-out target', () => {
    const item = { order_id: 7, user_id: 1, queue_number: 12, estimated_wait_time: 5, status: 'waiting', created_at: '2026-12-06T12:00:00Z', position: 1, priority: 0, expected_ready_at: null, expected_ready_at_p90: null, preparing_at: null, ready_at: null, items: [{ item_name: 'Idli', quantity: 2, station: 'tiffin', preparation_time: 5 }] } satisfies QueueItem;
    expect(ticketFromQueueItem(item)).toMatchObject({ id: 7, number: 12, status: 'confirmed', complete: false, lines: [{ name: 'Idli', quantity: 2, menuItemId: '' }] });
    expect(ticketFromQueueItem({ ...item, status: 'completed' })).toBeNull();
  });

  it('when the arrow keys move the selection, then it walks a column and jumps to the same row of the next one', () => {
    const lanes = lanesOf([ticket(1), ticket(2), ticket(3, { status: 'preparing' })], null);
    expect(moveSelection(lanes, null, 'ArrowDown')).toBe(1);
    expect(moveSelection(lanes, 1, 'ArrowDown')).toBe(2);
    expect(moveSelection(lanes, 2, 'ArrowRight')).toBe(3);
    expect(moveSelection(lanes, 3, 'ArrowLeft')).toBe(1);
    expect(moveSelection(lanes, 1, 'ArrowUp')).toBe(1);
  });
});
