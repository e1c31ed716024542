import { normalizeItem, type MenuItemRecord } from './menu.ts';

/**
 * Stock counts and the holds on them. An item with `stock: null` is not counted and is never
 * touched here. Pure: the stores apply these rules inside their transactions.
 */
export interface StockLine {
  itemId: string;
  quantity: number;
}

export type ReservationState = 'held' | 'released';

/**
 * What an order placement holds: the counted lines it took, tied to its order once the
 * orders service announced the order (`order.created`). `released` is final: stock is given
 * back exactly once, whoever asks (a failed placement, a cancellation, the expiry sweep).
 */
export interface StockReservationRecord {
  id: string;
  orderId: number | null;
  lines: StockLine[];
  state: ReservationState;
  createdAt: Date;
  releasedAt: Date | null;
}

export interface StockShortfall {
  itemId: string;
  /** null when the item no longer exists. */
  name: string | null;
  left: number;
}

/** Lines of the same item count once, with their quantities added, in first-seen order. */
export function mergeStockLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.itemId, (merged.get(line.itemId) ?? 0) + line.quantity);
  return [...merged].map(([itemId, quantity]) => ({ itemId, quantity }));
}

export type StockTake = { ok: true; counted: boolean; after: MenuItemRecord } | { ok: false; shortfall: StockShortfall };

/**
 * Takes `quantity` of an item. A counted item must be on sale and have that many left; at 0
 * it goes off sale (sold out). An uncounted one is left as it is.
 */
export function takeStock(item: MenuItemRecord | undefined, itemId: string, quantity: number): StockTake {
  if (!item) return { ok: false, shortfall: { itemId, name: null, left: 0 } };
  if (!item.available) return { ok: false, shortfall: { itemId, name: item.name, left: 0 } };
  if (item.stock === null) return { ok: true, counted: false, after: item };
  if (item.stock < quantity) return { ok: false, shortfall: { itemId, name: item.name, left: item.stock } };
  return { ok: true, counted: true, after: normalizeItem({ ...item, stock: item.stock - quantity }) };
}

/**
 * Gives `quantity` back. An item the count had sold out goes back on sale, as a restock by
 * hand does; one that stopped being counted meanwhile (stock set to null) stays as it is.
 */
export function giveBackStock(item: MenuItemRecord, quantity: number): MenuItemRecord {
  if (item.stock === null) return item;
  const soldOut = item.stock === 0;
  return { ...item, stock: item.stock + quantity, available: soldOut ? true : item.available };
}

/** The client's words for a shortfall: what the 409 says per line. */
export function describeShortfall(shortfall: StockShortfall): string {
  if (shortfall.name === null) return 'this item is no longer on the menu';
  if (shortfall.left === 0) return `${shortfall.name} is sold out`;
  return `only ${shortfall.left} ${shortfall.name} left`;
}

/** A held reservation no order claimed since `createdAt`: its placement never committed. */
export const RESERVATION_CLAIM_TIMEOUT_MS = 15 * 60_000;
