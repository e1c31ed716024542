import { describe, expect, it } from 'vitest';
import type { QueueItem } from '@canteen/contracts';
import { createTicketStore } from './ticket-store.ts';
import type { Ticket } from './ticket.ts';

const ticket = (id: number, status: Ticket['status'] = 'confirmed'): Ticket => ({
  id, number: id, status, createdAt: 0, priority: 0, paymentMethod: 'mock', paid: true, total: 1, note: null, lines: [], complete: true,
});
const entry = (orderId: number, status: QueueItem['status']): QueueItem => ({
  order_id: orderId, user_id: 1, queue_number: orderId, estimated_wait_time: 1, status, created_at: '2026-12-06T12:00:00Z', position: 1, priority: 0,
  expected_ready_at: null, expected_ready_at_p90: null, preparing_at: null, ready_at: null, items: [],
});

function store() {
  const heard: string[] = [];
  const tickets = createTicketStore({ onNewOrder: (t) => heard.push(`new ${t.id}`), onReady: (t) => heard.push(`ready ${t.id}`) });
  return { tickets, heard };
}

describe('the kitchen ticket store', () => {
  it('when the first snapshot loads, then nothing chimes; an order that arrives later chimes once', () => {
    const { tickets, heard } = store();
    tickets.replaceAll([ticket(1)], 0);
    expect(heard).toEqual([]);
    expect(tickets.apply({ type: 'queue_update', seq: 2, data: entry(2, 'waiting') })).toBe(false);
    tickets.replaceAll([ticket(1), ticket(2)], 1);
    expect(heard).toEqual(['new 2']);
  });

  it('when the stream announces an order the screen has never seen, then it shows at once and only that order\'s details are asked for, once', () => {
    const { tickets } = store();
    tickets.replaceAll([ticket(1)], 0);
    tickets.apply({ type: 'queue_update', seq: 2, data: { ...entry(2, 'waiting'), items: [{ item_name: 'Masala Dosa', quantity: 2, station: 'dosa', preparation_time: 5 }] } });
    expect(tickets.get(2)).toMatchObject({ status: 'confirmed', complete: false, lines: [{ name: 'Masala Dosa', quantity: 2 }] });
    expect(tickets.takeMissing()).toEqual([2]);
    expect(tickets.takeMissing()).toEqual([]);
    // The stream moved it on while its details were on the way: the details do not move it back.
    tickets.apply({ type: 'status_update', seq: 3, data: entry(2, 'preparing') });
    tickets.details({ ...ticket(2, 'confirmed'), note: 'no onion', lines: [{ menuItemId: 'dosa', name: 'Masala Dosa', quantity: 2, options: ['Ghee'], note: null, station: 'dosa' }] });
    expect(tickets.get(2)).toMatchObject({ status: 'preparing', complete: true, note: 'no onion', lines: [{ options: ['Ghee'] }] });
    // Details of an order that has left the screen bring nothing back.
    tickets.apply({ type: 'queue_removed', seq: 4, data: { order_id: 2 } });
    tickets.details(ticket(2));
    expect(tickets.get(2)).toBeUndefined();
  });

  it('when an order turns ready, whether by the stream, a snapshot or this screen\'s bump, then the ready sound is asked for once', () => {
    const { tickets, heard } = store();
    tickets.replaceAll([ticket(1, 'preparing'), ticket(2, 'preparing'), ticket(3, 'preparing')], 0);
    tickets.apply({ type: 'status_update', seq: 5, data: entry(1, 'ready') });
    tickets.apply({ type: 'status_update', seq: 6, data: entry(1, 'ready') });
    tickets.confirmed(2, 'ready');
    tickets.replaceAll([ticket(1, 'ready'), ticket(2, 'ready'), ticket(3, 'ready')], 1);
    expect(heard).toEqual(['ready 1', 'ready 2', 'ready 3']);
  });

  it('when the queue announces a cash order the screen still shows unpaid, then it is paid and numbered', () => {
    const { tickets, heard } = store();
    tickets.replaceAll([{ ...ticket(7, 'placed'), number: null, paymentMethod: 'cash', paid: false }], 0);
    tickets.apply({ type: 'queue_update', seq: 2, data: { ...entry(7, 'waiting'), queue_number: 3 } });
    expect(tickets.get(7)).toMatchObject({ status: 'confirmed', number: 3, paid: true, paymentMethod: 'cash' });
    expect(heard).toEqual(['new 7']);
  });

  it('when the stream moves, removes or announces tickets while a snapshot is on the way, then the older snapshot undoes none of it', () => {
    const { tickets, heard } = store();
    tickets.replaceAll([ticket(1), ticket(2, 'ready'), ticket(3, 'preparing'), ticket(4)], 0);
    // The 30 s safety refresh (or the cash poll's) asks for a snapshot; the server reads it now.
    const askedAt = tickets.mark();
    const read = [ticket(1), ticket(2, 'ready'), ticket(3, 'preparing'), ticket(4)];
    // Meanwhile the stream says: 1 is being prepared, 2 was handed out, 5 is a new order; and this screen's bump of 3 is answered.
    tickets.apply({ type: 'status_update', seq: 10, data: entry(1, 'preparing') });
    tickets.apply({ type: 'status_update', seq: 11, data: entry(2, 'completed') });
    tickets.apply({ type: 'queue_update', seq: 12, data: entry(5, 'waiting') });
    tickets.confirmed(3, 'ready');
    tickets.replaceAll(read, 1, askedAt);
    expect(tickets.get(1)?.status).toBe('preparing');
    expect(tickets.get(2)).toBeUndefined();
    expect(tickets.get(3)?.status).toBe('ready');
    expect(tickets.get(5)).toMatchObject({ status: 'confirmed', complete: false });
    // What the stream did not touch still follows the snapshot.
    expect(tickets.get(4)?.status).toBe('confirmed');
    expect(heard).toEqual(['new 5', 'ready 3']);
    // A snapshot asked for after those changes is newer than them: it rules again.
    const later = tickets.mark();
    tickets.replaceAll([ticket(1, 'ready'), ticket(4)], 2, later);
    expect([...tickets.all().keys()].sort()).toEqual([1, 4]);
    expect(tickets.get(1)?.status).toBe('ready');
  });

  it('when a snapshot no longer has a ticket, then it leaves the screen (nothing stale after a reconnect)', () => {
    const { tickets } = store();
    tickets.replaceAll([ticket(1), ticket(2)], 0);
    tickets.replaceAll([ticket(2)], 1);
    expect([...tickets.all().keys()]).toEqual([2]);
    tickets.apply({ type: 'queue_removed', seq: 3, data: { order_id: 2 } });
    expect(tickets.all().size).toBe(0);
  });
});
