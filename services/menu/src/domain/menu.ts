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
  /** What a line that names no choice for this group gets; empty: none (min > 0 then means "choose"). */
  defaultOptionIds: string[];
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

export interface OptionGroupProblem {
  path: string;
  message: string;
}

/**
 * A group's defaults must be options of that group, each once, and make a valid choice on
 * their own (between min and max), since an order line that names nothing gets exactly them.
 */
export function optionDefaultProblems(groups: OptionGroupRecord[]): OptionGroupProblem[] {
  const problems: OptionGroupProblem[] = [];
  groups.forEach((group, index) => {
    const defaults = group.defaultOptionIds;
    if (defaults.length === 0) return;
    const path = `option_groups.${index}.default_option_ids`;
    const known = new Set(group.options.map((option) => option.id));
    for (const id of defaults) {
      if (!known.has(id)) problems.push({ path, message: `${group.name} has no option ${id}` });
    }
    if (new Set(defaults).size !== defaults.length) problems.push({ path, message: 'an option is named twice' });
    if (defaults.length < group.min || defaults.length > group.max) {
      const range = group.min === group.max ? `${group.min}` : `${group.min} to ${group.max}`;
      problems.push({ path, message: `${group.name} takes ${range} options; ${defaults.length} are named` });
    }
  });
  return problems;
}
