import { type Connection, type Model, Schema } from 'mongoose';
import type { CategoryDoc, MenuItemDoc, OptionDoc, OptionGroupDoc } from './menu.documents.ts';
import { OUTBOX_KEEP_SENT_MS } from './menu.documents.ts';

/**
 * The collections of the MongoDB adapter. Ids are the 24-hex strings newMenuId makes, stored
 * as strings (not ObjectId) so they compare equal to what the SQLite store and the API use.
 * Timestamps are set by the store, not by mongoose, so both adapters bump them the same way.
 * `__v` is the original service's version key; here it also serves as a write token: creating
 * or moving an item increments its category's `__v`, so that write and a concurrent delete of
 * the category conflict and one of the two transactions is retried.
 */
export interface OutboxDoc {
  _id: string;
  routing_key: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  /** Tie-break within one millisecond: the order the rows were appended in. */
  seq: number;
  retry_at: Date;
  lease_until: Date;
  sent_at: Date | null;
}

const optionSchema = new Schema<OptionDoc>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    price_delta_minor: { type: Number, required: true },
    available: { type: Boolean, required: true },
  },
  { _id: false },
);

const optionGroupSchema = new Schema<OptionGroupDoc>(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    min: { type: Number, required: true },
    max: { type: Number, required: true },
    options: { type: [optionSchema], default: [] },
    default_option_ids: { type: [String], default: [] },
  },
  { _id: false },
);

// `required` only where an empty value is impossible: mongoose's required rejects '' strings.
const itemSchema = new Schema<MenuItemDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    category_id: { type: String, required: true },
    price_minor: { type: Number, required: true },
    available: { type: Boolean, required: true },
    image_url: { type: String, default: '' },
    preparation_time: { type: Number, required: true },
    station: { type: String, required: true },
    diet_tags: { type: [String], default: [] },
    allergens: { type: [String], default: [] },
    option_groups: { type: [optionGroupSchema], default: [] },
    stock: { type: Number, default: null },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { minimize: false },
);
itemSchema.index({ category_id: 1 });
itemSchema.index({ available: 1 });

const categorySchema = new Schema<CategoryDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    name_lower: { type: String, required: true },
    description: { type: String, default: '' },
    display_order: { type: Number, required: true },
    active: { type: Boolean, required: true },
    created_at: { type: Date, required: true },
    updated_at: { type: Date, required: true },
  },
  { minimize: false },
);
categorySchema.index({ name_lower: 1 }, { unique: true });
categorySchema.index({ display_order: 1, name_lower: 1 });

// Mixed payload and headers, kept exactly: minimize off, so an empty object stays an object.
const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    routing_key: { type: String, required: true },
    payload: { type: Schema.Types.Mixed },
    headers: { type: Schema.Types.Mixed, default: null },
    attempts: { type: Number, default: 0 },
    last_error: { type: String, default: null },
    created_at: { type: Date, required: true },
    seq: { type: Number, required: true },
    retry_at: { type: Date, required: true },
    lease_until: { type: Date, required: true },
    sent_at: { type: Date, default: null },
  },
  { minimize: false, versionKey: false },
);
outboxSchema.index({ sent_at: 1, created_at: 1, seq: 1 });
// MongoDB prunes sent rows by itself; unsent rows (sent_at null) never expire.
outboxSchema.index({ sent_at: 1 }, { name: 'sent_at_ttl', expireAfterSeconds: OUTBOX_KEEP_SENT_MS / 1000 });

/** A hold on stock (see domain/stock.ts); `order_id` is unique where set. */
export interface StockReservationDoc {
  _id: string;
  order_id: number | null;
  lines: { itemId: string; quantity: number }[];
  state: 'held' | 'released';
  created_at: Date;
  released_at: Date | null;
}

/** An order cancelled before its order.created was seen: the late claim releases at once. */
export interface CancelledOrderDoc {
  _id: number;
  cancelled_at: Date;
}

const reservationSchema = new Schema<StockReservationDoc>(
  {
    _id: { type: String, required: true },
    order_id: { type: Number, default: null },
    lines: { type: [{ _id: false, itemId: { type: String, required: true }, quantity: { type: Number, required: true } }], default: [] },
    state: { type: String, enum: ['held', 'released'], required: true },
    created_at: { type: Date, required: true },
    released_at: { type: Date, default: null },
  },
  { minimize: false, versionKey: false },
);
reservationSchema.index({ order_id: 1 }, { unique: true, partialFilterExpression: { order_id: { $type: 'number' } } });
reservationSchema.index({ state: 1, order_id: 1, created_at: 1 });

const cancelledOrderSchema = new Schema<CancelledOrderDoc>(
  { _id: { type: Number, required: true }, cancelled_at: { type: Date, required: true } },
  { versionKey: false },
);

export interface MenuModels {
  Category: Model<CategoryDoc>;
  Item: Model<MenuItemDoc>;
  Outbox: Model<OutboxDoc>;
  Reservation: Model<StockReservationDoc>;
  CancelledOrder: Model<CancelledOrderDoc>;
}

/** Models live on the store's own connection, never on mongoose's global one. */
export function menuModels(conn: Connection): MenuModels {
  return {
    Category: conn.model<CategoryDoc>('Category', categorySchema, 'categories'),
    Item: conn.model<MenuItemDoc>('MenuItem', itemSchema, 'menu_items'),
    Outbox: conn.model<OutboxDoc>('OutboxEvent', outboxSchema, 'outbox'),
    Reservation: conn.model<StockReservationDoc>('StockReservation', reservationSchema, 'stock_reservations'),
    CancelledOrder: conn.model<CancelledOrderDoc>('CancelledOrder', cancelledOrderSchema, 'cancelled_orders'),
  };
}
