import type { NewOutboxEvent, OutboxStore } from '@canteen/service-kit';
import type { CategoryRecord, MenuItemRecord, NewCategory, NewMenuItem } from '../domain/menu.ts';
import type { StockLine, StockReservationRecord, StockShortfall } from '../domain/stock.ts';

export interface ItemFilter {
  categoryId?: string;
  available?: boolean;
  station?: string;
  diet?: string;
  /** Case-insensitive match on name or description. */
  q?: string;
}

export class DuplicateCategoryError extends Error {
  constructor(name: string) {
    super(`A category named "${name}" already exists`);
  }
}

/**
 * An item names a category that does not exist (on create, or when moved). Both adapters check
 * it inside the write's transaction, so a category deleted at the same moment cannot leave an
 * item behind that points nowhere.
 */
export class UnknownCategoryError extends Error {
  constructor(readonly categoryId: string) {
    super(`There is no category with id "${categoryId}"`);
  }
}

export type ReserveOutcome =
  | { kind: 'held'; reservation: StockReservationRecord }
  /** The id was seen before (a retried call): nothing taken again. */
  | { kind: 'exists'; reservation: StockReservationRecord }
  /** Nothing taken: at least one line cannot be had. */
  | { kind: 'short'; shortfalls: StockShortfall[] };

export type ReleaseOutcome = 'released' | 'already_released' | 'unknown';

/** Computes the events of a change from the record before and after it (inside the transaction). */
export type EventsOf<T> = (before: T | undefined, after: T | undefined) => NewOutboxEvent[];

/**
 * The menu service's store port. Every adapter (embedded SQLite, MongoDB) passes
 * `test/store/menu-store.contract.ts`. Writes that announce a change take the events with
 * them and store both atomically (the outbox), which the relay then publishes.
 */
export interface MenuStore extends OutboxStore {
  migrate(): Promise<void>;

  listCategories(options: { includeInactive: boolean }): Promise<CategoryRecord[]>;
  getCategory(id: string): Promise<CategoryRecord | undefined>;
  /** Case-insensitive. */
  findCategoryByName(name: string): Promise<CategoryRecord | undefined>;
  createCategory(category: NewCategory): Promise<CategoryRecord>;
  updateCategory(id: string, patch: Partial<NewCategory>): Promise<CategoryRecord | undefined>;
  /**
   * Without `cascade` a category that still has items is left alone (`has_items`); with it,
   * its items go too, and `events` (one per item, made by the caller) are written with it.
   */
  deleteCategory(
    id: string,
    options: { cascade: boolean; events: EventsOf<MenuItemRecord> },
  ): Promise<'deleted' | 'not_found' | 'has_items'>;
  /** Items per category id. */
  countItemsByCategory(): Promise<Map<string, number>>;

  listItems(filter: ItemFilter): Promise<MenuItemRecord[]>;
  getItem(id: string): Promise<MenuItemRecord | undefined>;
  /** Several at once, for pricing an order; missing ids are simply absent from the result. */
  getItems(ids: string[]): Promise<MenuItemRecord[]>;
  /** Rejects with UnknownCategoryError when `item.categoryId` names no category. */
  createItem(item: NewMenuItem, events: EventsOf<MenuItemRecord>): Promise<MenuItemRecord>;
  /**
   * Read-modify-write in one transaction: `change` gets the current record and returns the
   * new one (or throws to refuse), and `events` sees both. Undefined when there is no such item.
   * `change` and `events` must be pure: the MongoDB adapter runs them again when its transaction
   * is retried after a write conflict. Moving the item to an unknown category rejects with
   * UnknownCategoryError.
   */
  updateItem(
    id: string,
    change: (current: MenuItemRecord) => MenuItemRecord,
    events: EventsOf<MenuItemRecord>,
  ): Promise<{ before: MenuItemRecord; after: MenuItemRecord } | undefined>;
  deleteItem(id: string, events: EventsOf<MenuItemRecord>): Promise<MenuItemRecord | undefined>;

  /**
   * Holds stock for an order being placed, atomically: every counted line is taken (an item
   * reaching 0 goes off sale, with its events) or none is, so two holds never get the same
   * last unit, whichever process asks. Uncounted items are not touched. The id makes it
   * idempotent: asking again with a known id takes nothing and answers `exists`.
   */
  reserveStock(
    reservation: { id: string; lines: StockLine[]; at: Date },
    events: EventsOf<MenuItemRecord>,
  ): Promise<ReserveOutcome>;
  getReservation(id: string): Promise<StockReservationRecord | undefined>;
  /**
   * Gives a held reservation's stock back, once: a released one stays released. By order id
   * when the order is unknown yet (its `order.created` not seen), the cancellation is kept,
   * so that `claimReservation` then releases at once; the answer is `unknown`.
   */
  releaseReservation(
    target: { reservationId: string } | { orderId: number },
    at: Date,
    events: EventsOf<MenuItemRecord>,
  ): Promise<ReleaseOutcome>;
  /**
   * Ties a reservation to the order that placed it (from `order.created`); when that order was
   * cancelled already, releases it. Undefined when there is no such reservation.
   */
  claimReservation(
    reservationId: string,
    orderId: number,
    at: Date,
    events: EventsOf<MenuItemRecord>,
  ): Promise<StockReservationRecord | undefined>;
  /** Releases held reservations made before `before` that no order claimed; how many. */
  releaseUnclaimed(before: Date, at: Date, events: EventsOf<MenuItemRecord>): Promise<number>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
