import { z } from 'zod';
import { atLeast, atMost, oneLine } from '../common.ts';

/** Menu ids keep the original's MongoDB ObjectId format (24 hex digits) on every store. */
export const MenuIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-hex-digit id').transform((id) => id.toLowerCase());

/** At most two decimals (paise), tolerant of binary floating point (0.1 + 0.2). */
const hasTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** A decimal amount as the API shows it (₹12.50); inside it is integer minor units. */
export const PriceSchema = z
  .number({ message: 'must be a number' })
  .finite()
  .min(0, 'must not be negative')
  .max(1_000_000, atMost(1_000_000))
  .refine(hasTwoDecimals, 'must have at most two decimals');
export const PriceDeltaSchema = z
  .number({ message: 'must be a number' })
  .finite()
  .min(-100_000, atLeast(-100_000))
  .max(100_000, atMost(100_000))
  .refine(hasTwoDecimals, 'must have at most two decimals');

export const STATIONS = ['grill', 'fryer', 'stove', 'tandoor', 'cold', 'drinks', 'bakery', 'counter'] as const;
export const StationSchema = z.enum(STATIONS);
export const DIET_TAGS = ['veg', 'non-veg', 'vegan', 'jain', 'egg', 'gluten-free', 'spicy', 'high-protein'] as const;
export const DietTagSchema = z.enum(DIET_TAGS);
export const ALLERGENS = ['gluten', 'dairy', 'nuts', 'peanuts', 'soy', 'egg', 'fish', 'shellfish', 'sesame', 'mustard'] as const;
export const AllergenSchema = z.enum(ALLERGENS);

const Name = oneLine(z.string().trim().min(1, 'is required').max(120));

export const MenuOptionInputSchema = z.object({
  /** Kept when given (stable ids let carts survive edits); made when missing. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  name: Name,
  price_delta: PriceDeltaSchema.default(0),
  available: z.boolean().default(true),
});

export const OptionGroupInputSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
    name: Name,
    min: z.number().int().min(0).max(20).default(0),
    max: z.number().int().min(1).max(20).default(1),
    options: z.array(MenuOptionInputSchema).min(1).max(30),
    /**
     * What a line that names no choice for this group gets (ids of this group's options, as
     * given or as made from their names). Between min and max of them; none: a line must choose
     * when min > 0. Checked against the options by the menu service.
     */
    default_option_ids: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(20).default([]),
  })
  .refine((group) => group.min <= group.max, { message: 'min must not exceed max', path: ['min'] })
  .refine((group) => group.min <= group.options.length, { message: 'min exceeds the number of options', path: ['min'] });

const itemFields = {
  name: Name,
  description: z.string().trim().max(1000).default(''),
  /** The category's name, as the original API has it… */
  category: z.string().trim().min(1).max(80).optional(),
  /** …or its id. One of the two is required on create and must name an existing category. */
  category_id: MenuIdSchema.optional(),
  price: PriceSchema,
  available: z.boolean().default(true),
  image_url: z.string().trim().max(500).default(''),
  preparation_time: z.number().int().min(1).max(240).default(10),
  station: StationSchema.default('counter'),
  diet_tags: z.array(DietTagSchema).max(DIET_TAGS.length).default([]),
  allergens: z.array(AllergenSchema).max(ALLERGENS.length).default([]),
  option_groups: z.array(OptionGroupInputSchema).max(10).default([]),
  /** null: not counted. A number: portions left; 0 makes the item unavailable. */
  stock: z.number().int().min(0).max(100_000, atMost(100_000)).nullable().default(null),
};

export const CreateMenuItemSchema = z.object(itemFields).refine((item) => item.category || item.category_id, {
  message: 'give category (a name) or category_id',
  path: ['category'],
});
export type CreateMenuItem = z.infer<typeof CreateMenuItemSchema>;

/** PUT keeps the original's partial-update meaning: fields left out stay as they are. */
export const UpdateMenuItemSchema = z
  .object({
    name: itemFields.name,
    description: z.string().trim().max(1000),
    category: itemFields.category,
    category_id: itemFields.category_id,
    price: PriceSchema,
    available: z.boolean(),
    image_url: z.string().trim().max(500),
    preparation_time: z.number().int().min(1).max(240),
    station: StationSchema,
    diet_tags: z.array(DietTagSchema).max(DIET_TAGS.length),
    allergens: z.array(AllergenSchema).max(ALLERGENS.length),
    option_groups: z.array(OptionGroupInputSchema).max(10),
    stock: z.number().int().min(0).max(100_000, atMost(100_000)).nullable(),
  })
  .partial();
export type UpdateMenuItem = z.infer<typeof UpdateMenuItemSchema>;

export const MenuOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  price_delta: z.number(),
  available: z.boolean(),
});
export const OptionGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  min: z.number().int(),
  max: z.number().int(),
  options: z.array(MenuOptionSchema),
  /** Chosen for a line that names no choice for this group; empty: none. */
  default_option_ids: z.array(z.string()),
});
export type OptionGroup = z.infer<typeof OptionGroupSchema>;

export const MenuItemSchema = z.object({
  _id: z.string(),
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  category_id: z.string(),
  price: z.number(),
  currency: z.string(),
  available: z.boolean(),
  image_url: z.string(),
  preparation_time: z.number().int(),
  station: StationSchema,
  diet_tags: z.array(DietTagSchema),
  allergens: z.array(AllergenSchema),
  option_groups: z.array(OptionGroupSchema),
  stock: z.number().int().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type MenuItem = z.infer<typeof MenuItemSchema>;

export const ListMenuItemsQuerySchema = z.object({
  category: z.string().trim().min(1).max(80).optional(),
  /** The original's rule: "true" → available only; any other value → unavailable only. */
  available: z.string().optional(),
  station: StationSchema.optional(),
  diet: DietTagSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const CreateCategorySchema = z.object({
  name: oneLine(z.string().trim().min(1, 'is required').max(80)),
  description: z.string().trim().max(500).default(''),
  display_order: z.number().int().min(0).max(10_000).default(1),
  active: z.boolean().default(true),
});
export type CreateCategory = z.infer<typeof CreateCategorySchema>;

export const UpdateCategorySchema = z
  .object({
    name: oneLine(z.string().trim().min(1).max(80)),
    description: z.string().trim().max(500),
    display_order: z.number().int().min(0).max(10_000),
    active: z.boolean(),
  })
  .partial();
export type UpdateCategory = z.infer<typeof UpdateCategorySchema>;

export const CategorySchema = z.object({
  _id: z.string(),
  id: z.string(),
  name: z.string(),
  description: z.string(),
  display_order: z.number().int(),
  active: z.boolean(),
  item_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Category = z.infer<typeof CategorySchema>;
