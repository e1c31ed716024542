import type { QueueEntry, QueueLine } from './queue-entry.ts';

/** Test builders shared by the domain's unit tests. */
export const MIN = 60_000;
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

export const line = (overrides: Partial<QueueLine> = {}): QueueLine => ({
  menuItemId: 'burger',
  itemName: 'Burger',
  quantity: 1,
  station: 'grill',
  preparationTime: 10,
  ...overrides,
});

export const entry = (orderId: number, overrides: Partial<QueueEntry> = {}): QueueEntry => ({
  orderId,
  userId: 1,
  queueNumber: orderId,
  day: '2025-01-06',
  status: 'waiting',
  priority: 0,
  confirmedAt: T0 - 60 * MIN + orderId * 1000,
  preparingAt: null,
  readyAt: null,
  completedAt: null,
  lines: [line()],
  ...overrides,
});
