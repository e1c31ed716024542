import type { Category, MenuItem, UpdateMenuItem } from '@canteen/contracts';

export interface OptionForm {
  id?: string | undefined;
  name: string;
  price_delta: string;
  available: boolean;
  /** What a student who picks nothing in this group gets. */
  isDefault: boolean;
}
export interface GroupForm {
  id?: string | undefined;
  name: string;
  min: string;
  max: string;
  options: OptionForm[];
}
/** What the editor holds: text as typed, turned into numbers only when sent. */
export interface ItemForm {
  name: string;
  description: string;
  category_id: string;
  price: string;
  preparation_time: string;
  station: MenuItem['station'];
  diet_tags: MenuItem['diet_tags'];
  allergens: MenuItem['allergens'];
  available: boolean;
  countStock: boolean;
  stock: string;
  option_groups: GroupForm[];
}

export function formOf(item: MenuItem | null, categories: readonly Category[], categoryId: string | null): ItemForm {
  if (!item) {
    return {
      name: '',
      description: '',
      category_id: categoryId ?? categories[0]?.id ?? '',
      price: '',
      preparation_time: '10',
      station: 'counter',
      diet_tags: [],
      allergens: [],
      available: true,
      countStock: false,
      stock: '',
      option_groups: [],
    };
  }
  return {
    name: item.name,
    description: item.description,
    category_id: item.category_id,
    price: String(item.price),
    preparation_time: String(item.preparation_time),
    station: item.station,
    diet_tags: [...item.diet_tags],
    allergens: [...item.allergens],
    available: item.available,
    countStock: item.stock !== null,
    stock: item.stock === null ? '' : String(item.stock),
    option_groups: item.option_groups.map((group) => ({
      id: group.id,
      name: group.name,
      min: String(group.min),
      max: String(group.max),
      options: group.options.map((option) => ({
        id: option.id,
        name: option.name,
        price_delta: String(option.price_delta),
        available: option.available,
        isDefault: group.default_option_ids.includes(option.id),
      })),
    })),
  };
}

/**
 * A typed number; NaN when it is not one, which JSON sends as null, so the API's "must be a
 * number" comes back for that very field and is shown next to it.
 */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function bodyOf(form: ItemForm): UpdateMenuItem & { name: string; price: number } {
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    category_id: form.category_id,
    price: numberOf(form.price),
    preparation_time: numberOf(form.preparation_time),
    station: form.station,
    diet_tags: form.diet_tags,
    allergens: form.allergens,
    available: form.available,
    stock: form.countStock ? numberOf(form.stock) : null,
    option_groups: form.option_groups.map((group) => {
      const options = withDefaultIds(group.options);
      return {
        ...(group.id ? { id: group.id } : {}),
        name: group.name.trim(),
        min: numberOf(group.min),
        max: numberOf(group.max),
        options: options.map((option) => ({
          ...(option.id ? { id: option.id } : {}),
          name: option.name.trim(),
          price_delta: numberOf(option.price_delta || '0'),
          available: option.available,
        })),
        default_option_ids: options.flatMap((option) => (option.isDefault && option.id ? [option.id] : [])),
      };
    }),
  };
}

/**
 * Defaults name options by id, and a new option has none until the menu service makes one: a
 * new option marked default gets its id here, from its name (as the service would make it),
 * never one the group's other options hold.
 */
function withDefaultIds(options: readonly OptionForm[]): OptionForm[] {
  const taken = new Set(options.flatMap((option) => (option.id ? [option.id] : [])));
  return options.map((option) => {
    if (option.id || !option.isDefault) return option;
    const slug = option.name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || 'option';
    let id = slug;
    for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
    taken.add(id);
    return { ...option, id };
  });
}

/** Adds or removes a value of a tag list. */
export const toggled = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...new Set([...list, value])] : list.filter((entry) => entry !== value));
