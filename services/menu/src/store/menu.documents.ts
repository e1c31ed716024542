import type { NewOutboxEvent } from '@canteen/service-kit';
import type { CategoryRecord, MenuItemRecord, OptionGroupRecord } from '../domain/menu.ts';

/**
 * The stored shape of menu records, shared by both adapters: MongoDB keeps it as the document,
 * SQLite as the JSON column. Field names stay snake_case like the original service's
 * collections (`menu_items`, `categories`); money stays integer minor units.
 */
export interface OptionDoc {
  id: string;
  name: string;
  price_delta_minor: number;
  available: boolean;
}

export interface OptionGroupDoc {
  id: string;
  name: string;
  min: number;
  max: number;
  options: OptionDoc[];
  /** Absent in documents written before option defaults existed: none. */
  default_option_ids?: string[];
}

export interface MenuItemDoc {
  _id: string;
  name: string;
  description: string;
  category_id: string;
  price_minor: number;
  available: boolean;
  image_url: string;
  preparation_time: number;
  station: string;
  diet_tags: string[];
  allergens: string[];
  option_groups: OptionGroupDoc[];
  stock: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CategoryDoc {
  _id: string;
  name: string;
  /** The unique key: names are unique regardless of case. */
  name_lower: string;
  description: string;
  display_order: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const groupToDoc = (group: OptionGroupRecord): OptionGroupDoc => ({
  id: group.id,
  name: group.name,
  min: group.min,
  max: group.max,
  options: group.options.map((option) => ({
    id: option.id,
    name: option.name,
    price_delta_minor: option.priceDeltaMinor,
    available: option.available,
  })),
  default_option_ids: [...group.defaultOptionIds],
});

const groupFromDoc = (group: OptionGroupDoc): OptionGroupRecord => ({
  id: group.id,
  name: group.name,
  min: group.min,
  max: group.max,
  options: group.options.map((option) => ({
    id: option.id,
    name: option.name,
    priceDeltaMinor: option.price_delta_minor,
    available: option.available,
  })),
  defaultOptionIds: [...(group.default_option_ids ?? [])],
});

const asDate = (value: Date | string): Date => (value instanceof Date ? new Date(value.getTime()) : new Date(value));

export function itemToDoc(item: MenuItemRecord): MenuItemDoc {
  return {
    _id: item.id,
    name: item.name,
    description: item.description,
    category_id: item.categoryId,
    price_minor: item.priceMinor,
    available: item.available,
    image_url: item.imageUrl,
    preparation_time: item.preparationTime,
    station: item.station,
    diet_tags: [...item.dietTags],
    allergens: [...item.allergens],
    option_groups: item.optionGroups.map(groupToDoc),
    stock: item.stock,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
  };
}

/** Accepts dates as Date (MongoDB) or ISO strings (the SQLite JSON column). */
export function itemFromDoc(doc: Omit<MenuItemDoc, 'created_at' | 'updated_at'> & { created_at: Date | string; updated_at: Date | string }): MenuItemRecord {
  return {
    id: doc._id,
    name: doc.name,
    description: doc.description,
    categoryId: doc.category_id,
    priceMinor: doc.price_minor,
    available: doc.available,
    imageUrl: doc.image_url,
    preparationTime: doc.preparation_time,
    station: doc.station,
    dietTags: [...doc.diet_tags],
    allergens: [...doc.allergens],
    optionGroups: doc.option_groups.map(groupFromDoc),
    stock: doc.stock ?? null,
    createdAt: asDate(doc.created_at),
    updatedAt: asDate(doc.updated_at),
  };
}

/** A fresh copy holding exactly the stored fields, so what a method returns is what a read gives back. */
export const normalized = (item: MenuItemRecord): MenuItemRecord => itemFromDoc(itemToDoc(item));

export function categoryToDoc(category: CategoryRecord): CategoryDoc {
  return {
    _id: category.id,
    name: category.name,
    name_lower: category.name.toLowerCase(),
    description: category.description,
    display_order: category.displayOrder,
    active: category.active,
    created_at: category.createdAt,
    updated_at: category.updatedAt,
  };
}

export function categoryFromDoc(doc: Omit<CategoryDoc, 'created_at' | 'updated_at'> & { created_at: Date | string; updated_at: Date | string }): CategoryRecord {
  return {
    id: doc._id,
    name: doc.name,
    description: doc.description,
    displayOrder: doc.display_order,
    active: doc.active,
    createdAt: asDate(doc.created_at),
    updatedAt: asDate(doc.updated_at),
  };
}

/**
 * A later updatedAt than the record had, even within the same millisecond, so "changed after"
 * is always visible from the timestamps.
 */
export const bumpedDate = (nowMs: number, previous: Date): Date => new Date(Math.max(nowMs, previous.getTime() + 1));

/**
 * The event as it will be published: a JSON round trip, so both stores hand back exactly what
 * the relay would have serialised (Dates as ISO strings, undefined fields gone) and a caller
 * mutating its object afterwards changes nothing.
 */
export function jsonEvent(event: NewOutboxEvent): { eventId: string; routingKey: string; payload: unknown; headers: Record<string, unknown> | null } {
  return {
    eventId: event.eventId,
    routingKey: event.routingKey,
    payload: event.payload === undefined ? null : (JSON.parse(JSON.stringify(event.payload)) as unknown),
    headers: event.headers === undefined ? null : (JSON.parse(JSON.stringify(event.headers)) as Record<string, unknown>),
  };
}

/** The key both adapters list items by: category display order (categories kept together), then name. */
export function compareItems(
  a: MenuItemRecord,
  b: MenuItemRecord,
  categories: Map<string, { displayOrder: number; nameLower: string }>,
): number {
  const ca = categories.get(a.categoryId);
  const cb = categories.get(b.categoryId);
  const keysA = [ca?.displayOrder ?? Number.MAX_SAFE_INTEGER, ca?.nameLower ?? '', a.categoryId, a.name.toLowerCase(), a.id] as const;
  const keysB = [cb?.displayOrder ?? Number.MAX_SAFE_INTEGER, cb?.nameLower ?? '', b.categoryId, b.name.toLowerCase(), b.id] as const;
  for (let i = 0; i < keysA.length; i++) {
    const x = keysA[i]!;
    const y = keysB[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** Lease length of a claimed outbox row: a relay that crashed gives its rows back after this. */
export const OUTBOX_LEASE_MS = 60_000;
/** Sent outbox rows are kept this long for operators, then pruned. */
export const OUTBOX_KEEP_SENT_MS = 86_400_000;
