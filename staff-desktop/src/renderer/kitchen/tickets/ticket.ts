import type { KitchenTicket, Order, OrderStatus, QueueItem } from '@canteen/contracts';

/**
 * The kitchen's model of an order, pure: which column it sits in, what a bump does, the
 * order of the cards, the all-day counts. No I/O, so it is tested without a browser.
 */
export type Lane = 'new' | 'preparing' | 'ready';
export const LANES: readonly Lane[] = ['new', 'preparing', 'ready'];
export const LANE_TITLES: Record<Lane, string> = { new: 'New', preparing: 'Preparing', ready: 'Ready' };

/** The statuses a ticket on screen can have; completed and cancelled leave the screen. */
export type TicketStatus = 'placed' | 'confirmed' | 'preparing' | 'ready';

export interface TicketLine {
  menuItemId: string;
  name: string;
  quantity: number;
  options: string[];
  note: string | null;
  station: string;
}

export interface Ticket {
  id: number;
  number: number | null;
  status: TicketStatus;
  createdAt: number;
  priority: number;
  paymentMethod: Order['payment_method'];
  paid: boolean;
  total: number;
  note: string | null;
  lines: TicketLine[];
  /** False while only the live stream's outline is known (no options, notes or payment yet). */
  complete: boolean;
}

const ON_SCREEN: ReadonlySet<OrderStatus> = new Set(['placed', 'confirmed', 'preparing', 'ready']);
export const isOnScreen = (status: OrderStatus): status is TicketStatus => ON_SCREEN.has(status);

export function laneOf(status: TicketStatus): Lane {
  if (status === 'preparing' || status === 'ready') return status;
  return 'new';
}

/** What a bump moves the ticket to; a cash order not yet paid is settled first, not bumped. */
export function nextStatus(ticket: Pick<Ticket, 'status'>): OrderStatus | null {
  switch (ticket.status) {
    case 'placed':
      return null;
    case 'confirmed':
      return 'preparing';
    case 'preparing':
      return 'ready';
    case 'ready':
      return 'completed';
  }
}

export const BUMP_LABELS: Partial<Record<OrderStatus, string>> = { preparing: 'Start', ready: 'Ready', completed: 'Handed out' };

/** The queue's words for the order's states. */
export function statusFromQueue(status: QueueItem['status']): OrderStatus {
  return status === 'waiting' ? 'confirmed' : status;
}

export function ticketFromOrder(order: Order | KitchenTicket): Ticket | null {
  if (!isOnScreen(order.status)) return null;
  const queue = 'queue' in order ? order.queue : null;
  return {
    id: order.id,
    number: order.queue_number ?? queue?.queue_number ?? null,
    status: order.status,
    createdAt: Date.parse(order.created_at),
    priority: queue?.priority ?? 0,
    paymentMethod: order.payment_method,
    paid: order.payment_status === 'paid',
    total: order.total_amount,
    note: order.special_instructions,
    lines: order.items.map((item) => ({
      menuItemId: item.menu_item_id,
      name: item.item_name,
      quantity: item.quantity,
      options: item.options.map((option) => option.name),
      note: item.special_instructions,
      station: item.station,
    })),
    complete: true,
  };
}

/**
 * A ticket from the live stream's queue entry alone, shown at once while the full order
 * (options, notes, payment) is fetched: the cook sees the number and dishes without waiting.
 * The queue holds only orders in the kitchen's hands, so it is confirmed or further.
 */
export function ticketFromQueueItem(item: QueueItem): Ticket | null {
  const status = statusFromQueue(item.status);
  if (!isOnScreen(status)) return null;
  return {
    id: item.order_id,
    number: item.queue_number,
    status,
    createdAt: Date.parse(item.created_at),
    priority: item.priority,
    paymentMethod: 'mock',
    paid: true,
    total: 0,
    note: null,
    lines: item.items.map((line) => ({ menuItemId: '', name: line.item_name, quantity: line.quantity, options: [], note: null, station: line.station })),
    complete: false,
  };
}

/** Priority first, then the oldest, then the lower order id (two orders in the same second). */
export function compareTickets(a: Ticket, b: Ticket): number {
  return b.priority - a.priority || a.createdAt - b.createdAt || a.id - b.id;
}

export function atStation(ticket: Ticket, station: string | null): boolean {
  return station === null || ticket.lines.some((line) => line.station === station);
}

/** The tickets of each lane in kitchen order, the station's only. */
export function lanesOf(tickets: Iterable<Ticket>, station: string | null): Record<Lane, Ticket[]> {
  const lanes: Record<Lane, Ticket[]> = { new: [], preparing: [], ready: [] };
  for (const ticket of tickets) if (atStation(ticket, station)) lanes[laneOf(ticket.status)].push(ticket);
  for (const lane of LANES) lanes[lane].sort(compareTickets);
  return lanes;
}

/** Portions still to make per dish (ready tickets are made), most first, for one station or all. */
export function allDayCounts(tickets: Iterable<Ticket>, station: string | null): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const ticket of tickets) {
    if (ticket.status === 'ready') continue;
    for (const line of ticket.lines) {
      if (station !== null && line.station !== station) continue;
      counts.set(line.name, (counts.get(line.name) ?? 0) + line.quantity);
    }
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export function stationsOf(tickets: Iterable<Ticket>): string[] {
  const stations = new Set<string>();
  for (const ticket of tickets) for (const line of ticket.lines) stations.add(line.station);
  return [...stations].sort();
}

/** Amber after 5 minutes, red after 10: a ticket that waits that long needs someone's eyes. */
export const AGE_WARN_SECONDS = 5 * 60;
export const AGE_LATE_SECONDS = 10 * 60;
export type AgeLevel = 'ok' | 'warn' | 'late';
export function ageLevel(seconds: number): AgeLevel {
  return seconds >= AGE_LATE_SECONDS ? 'late' : seconds >= AGE_WARN_SECONDS ? 'warn' : 'ok';
}

export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
