/**
 * The menu as the service keeps it: money in integer minor units (paise), names and rules
 * in one place. Pure: no I/O, so the rules are unit-tested without a database.
 */
export interface MenuOptionRecord {
  id: string;
  name: string;
  priceDeltaMinor: number;
  available: boolean;
}

export interface OptionGroupRecord {
  id: string;
  name: string;
  min: number;
  max: number;
  options: MenuOptionRecord[];
}

export interface MenuItemRecord {
  id: string;
  name: string;
  description: string;
  categoryId: string;
  priceMinor: number;
  available: boolean;
  imageUrl: string;
  preparationTime: number;
  station: string;
  dietTags: string[];
  allergens: string[];
  optionGroups: OptionGroupRecord[];
  /** null: not counted. */
  stock: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewMenuItem = Omit<MenuItemRecord, 'id' | 'createdAt' | 'updatedAt'>;

export interface CategoryRecord {
  id: string;
  name: string;
  description: string;
  displayOrder: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewCategory = Omit<CategoryRecord, 'id' | 'createdAt' | 'updatedAt'>;

export const toMinor = (amount: number): number => Math.round(amount * 100);
export const fromMinor = (minor: number): number => minor / 100;

/** A stock count of 0 means sold out: the item cannot be available, whatever was asked. */
export function normalizeItem<T extends Pick<MenuItemRecord, 'stock' | 'available'>>(item: T): T {
  return item.stock === 0 ? { ...item, available: false } : item;
}

/** The fields whose change clients and the orders service must hear about. */
export const ANNOUNCED_FIELDS = ['available', 'priceMinor', 'stock', 'optionGroups', 'name'] as const;

export function changedAnnouncedFields(before: MenuItemRecord, after: MenuItemRecord): string[] {
  const names: Record<(typeof ANNOUNCED_FIELDS)[number], string> = {
    available: 'available',
    priceMinor: 'price',
    stock: 'stock',
    optionGroups: 'option_groups',
    name: 'name',
  };
  return ANNOUNCED_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).map(
    (field) => names[field],
  );
}

/** Option ids: kept when given, else made from the name, unique within their list. */
export function slugIds<T extends { id?: string | undefined; name: string }>(entries: T[]): (T & { id: string })[] {
  const used = new Set<string>();
  return entries.map((entry) => {
    const base =
      entry.id ??
      (entry.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 32) || 'option');
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { ...entry, id };
  });
}

/**
 * A new id in MongoDB's ObjectId format (seconds since the epoch, then random), so ids look
 * the same on every store and the original clients' id handling keeps working.
 */
export function newMenuId(now: Date = new Date()): string {
  const seconds = Math.floor(now.getTime() / 1000).toString(16).padStart(8, '0');
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  return seconds + random;
}
