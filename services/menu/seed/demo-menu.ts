/**
 * A demo menu for an Indian campus canteen (prices in INR), as inputs to the menu service's
 * create schemas. Each item names its category by NAME and carries the file name of its
 * picture in `seed/images/` (drawn by `generate-images.ts`), kept apart from the schema input.
 */
import type { CreateCategorySchema, CreateMenuItemSchema, OptionGroupInputSchema } from '@canteen/contracts';
import type { z } from 'zod';

export type DemoCategoryInput = z.input<typeof CreateCategorySchema>;
export type DemoItemInput = z.input<typeof CreateMenuItemSchema> & { category: string };
type OptionGroupInput = z.input<typeof OptionGroupInputSchema>;

export interface DemoMenuItem {
  /** File name under `services/menu/seed/images/`. */
  image: string;
  item: DemoItemInput;
}

/** The picture to show when an item has none. */
export const PLACEHOLDER_IMAGE = 'placeholder.png';

export const demoCategories: DemoCategoryInput[] = [
  { name: 'Breakfast', description: 'Served 7:30–11:00. Hot, quick and filling before the first lecture.', display_order: 1 },
  { name: 'South Indian', description: 'Crisp dosas, soft idlis and vadas with sambar and coconut chutney.', display_order: 2 },
  { name: 'North Indian Meals', description: 'Thalis, curries, biryanis and tandoor breads for a proper lunch.', display_order: 3 },
  { name: 'Chinese', description: 'Indo-Chinese favourites tossed fresh in the wok.', display_order: 4 },
  { name: 'Snacks & Chaat', description: 'Tangy, crunchy, spicy: the evening rush in one list.', display_order: 5 },
  { name: 'Sandwiches & Rolls', description: 'Grilled sandwiches and kathi rolls to eat on the way to class.', display_order: 6 },
  { name: 'Beverages', description: 'Cutting chai, filter coffee, lassi and cool drinks.', display_order: 7 },
  { name: 'Desserts', description: 'Something sweet to end the meal.', display_order: 8 },
];

// ---- option group helpers (stable ids so carts survive menu edits) -------------------

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/₹/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

const opt = (name: string, priceDelta = 0) => ({ id: slug(name), name, price_delta: priceDelta });

/**
 * A required group defaults to its first `min` options (listed first: the plain, no-extra-cost
 * choice), so a client that sends no options (the original web client) orders the dish as the
 * kitchen makes it by default. `defaults` names another choice.
 */
const group = (
  name: string,
  min: number,
  max: number,
  options: ReturnType<typeof opt>[],
  defaults: string[] = options.slice(0, min).map((option) => option.id),
): OptionGroupInput => ({
  id: slug(name),
  name,
  min,
  max,
  options,
  default_option_ids: defaults,
});

const spiceLevel = (): OptionGroupInput => group('Spice level', 1, 1, [opt('Mild'), opt('Medium'), opt('Hot')], ['medium']);
const sugar = (): OptionGroupInput => group('Sugar', 1, 1, [opt('Normal'), opt('Less sugar'), opt('No sugar')]);
const size = (largeDelta: number): OptionGroupInput => group('Size', 1, 1, [opt('Regular'), opt('Large', largeDelta)]);

// ---- items ---------------------------------------------------------------------------

export const demoItems: DemoMenuItem[] = [
  // Breakfast
  {
    image: 'kanda-poha.png',
    item: {
      name: 'Kanda Poha',
      description: 'Flattened rice with onion, turmeric, curry leaves and roasted peanuts, finished with lemon and coriander.',
      category: 'Breakfast',
      price: 30,
      preparation_time: 3,
      station: 'stove',
      diet_tags: ['veg', 'vegan', 'gluten-free'],
      allergens: ['peanuts', 'mustard'],
      option_groups: [group('Toppings', 0, 2, [opt('Extra sev', 5), opt('Pomegranate', 10)])],
    },
  },
  {
    image: 'rava-upma.png',
    item: {
      name: 'Rava Upma',
      description: 'Soft semolina cooked with ghee, mustard seeds, green chilli and cashews. Comes with coconut chutney.',
      category: 'Breakfast',
      price: 30,
      preparation_time: 3,
      station: 'stove',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy', 'nuts', 'mustard'],
    },
  },
  {
    image: 'aloo-paratha.png',
    item: {
      name: 'Aloo Paratha',
      description: 'Whole-wheat flatbread stuffed with spiced potato, off the tawa with a knob of butter, curd and pickle.',
      category: 'Breakfast',
      price: 50,
      preparation_time: 8,
      station: 'grill',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy'],
      option_groups: [group('Add-ons', 0, 3, [opt('Extra butter', 10), opt('Extra curd', 15), opt('Extra paratha', 40)])],
    },
  },
  {
    image: 'bread-omelette.png',
    item: {
      name: 'Bread Omelette',
      description: 'Masala omelette with onion and green chilli, pressed between buttered toast.',
      category: 'Breakfast',
      price: 40,
      preparation_time: 6,
      station: 'grill',
      diet_tags: ['egg', 'high-protein'],
      allergens: ['egg', 'gluten', 'dairy'],
      option_groups: [
        group('Eggs', 1, 1, [opt('2 eggs'), opt('3 eggs', 12)]),
        group('Bread', 1, 1, [opt('White bread'), opt('Brown bread', 5)]),
      ],
    },
  },
  {
    image: 'puri-bhaji.png',
    item: {
      name: 'Puri Bhaji',
      description: 'Four puffed puris with a mild potato bhaji and a wedge of lemon.',
      category: 'Breakfast',
      price: 45,
      preparation_time: 7,
      station: 'fryer',
      diet_tags: ['veg', 'vegan'],
      allergens: ['gluten', 'mustard'],
    },
  },

  // South Indian
  {
    image: 'masala-dosa.png',
    item: {
      name: 'Masala Dosa',
      description: 'Golden, paper-thin rice and lentil crêpe around a spiced potato filling, with sambar and coconut chutney.',
      category: 'South Indian',
      price: 60,
      preparation_time: 8,
      station: 'grill',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['mustard'],
      option_groups: [
        group('Make it', 0, 2, [opt('Butter roast', 15), opt('Cheese', 25), opt('Mysore red chutney', 10)]),
      ],
    },
  },
  {
    image: 'plain-dosa.png',
    item: {
      name: 'Plain Dosa',
      description: 'Crisp rice and lentil crêpe with sambar and two chutneys.',
      category: 'South Indian',
      price: 45,
      preparation_time: 7,
      station: 'grill',
      diet_tags: ['veg', 'vegan', 'gluten-free'],
      allergens: ['mustard'],
      option_groups: [group('Make it', 0, 1, [opt('Ghee roast', 15)])],
    },
  },
  {
    image: 'idli-sambar.png',
    item: {
      name: 'Idli Sambar',
      description: 'Three pillowy steamed rice cakes with hot sambar and coconut chutney.',
      category: 'South Indian',
      price: 35,
      preparation_time: 2,
      station: 'counter',
      diet_tags: ['veg', 'vegan', 'gluten-free'],
      allergens: ['mustard'],
      option_groups: [group('Add-ons', 0, 2, [opt('Podi and ghee', 10), opt('Extra idli', 12)])],
    },
  },
  {
    image: 'medu-vada.png',
    item: {
      name: 'Medu Vada',
      description: 'Two crunchy urad dal doughnuts, fluffy inside, with sambar and chutney.',
      category: 'South Indian',
      price: 40,
      preparation_time: 4,
      station: 'fryer',
      diet_tags: ['veg', 'vegan', 'gluten-free'],
      allergens: ['mustard'],
    },
  },
  {
    image: 'onion-uttapam.png',
    item: {
      name: 'Onion Uttapam',
      description: 'Thick, soft rice pancake topped with onion, tomato, green chilli and coriander.',
      category: 'South Indian',
      price: 60,
      preparation_time: 9,
      station: 'grill',
      diet_tags: ['veg', 'vegan', 'gluten-free'],
      allergens: ['mustard'],
      option_groups: [group('Topping', 1, 1, [opt('Onion'), opt('Tomato onion', 5), opt('Mixed vegetable', 10)])],
    },
  },

  // North Indian Meals
  {
    image: 'veg-thali.png',
    item: {
      name: 'Veg Thali',
      description: 'Dal, seasonal sabzi, paneer curry, jeera rice, three rotis, salad, pickle and a sweet.',
      category: 'North Indian Meals',
      price: 120,
      preparation_time: 5,
      station: 'counter',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy', 'mustard'],
      option_groups: [group('Extras', 0, 3, [opt('Extra roti', 10), opt('Extra rice', 20), opt('Papad', 10)])],
    },
  },
  {
    image: 'special-paneer-thali.png',
    item: {
      name: "Today's Special Paneer Thali",
      description: 'Chef’s paneer lababdar, dal makhani, veg pulao, two butter naans, raita and gulab jamun. Limited plates.',
      category: 'North Indian Meals',
      price: 160,
      preparation_time: 5,
      station: 'counter',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy', 'nuts'],
      stock: 25,
    },
  },
  {
    image: 'paneer-butter-masala.png',
    item: {
      name: 'Paneer Butter Masala with Naan',
      description: 'Soft paneer cubes in a rich tomato, butter and cashew gravy, with two tandoori naans.',
      category: 'North Indian Meals',
      price: 150,
      preparation_time: 12,
      station: 'tandoor',
      diet_tags: ['veg'],
      allergens: ['dairy', 'nuts', 'gluten'],
      option_groups: [
        group('Bread', 1, 1, [opt('Butter naan'), opt('Tandoori roti', -10), opt('Garlic naan', 10), opt('Laccha paratha', 10)]),
        spiceLevel(),
      ],
    },
  },
  {
    image: 'chole-bhature.png',
    item: {
      name: 'Chole Bhature',
      description: 'Two fluffy bhature with tangy Punjabi chickpea curry, pickled onions and green chilli.',
      category: 'North Indian Meals',
      price: 80,
      preparation_time: 8,
      station: 'fryer',
      diet_tags: ['veg', 'spicy'],
      allergens: ['gluten', 'dairy'],
      option_groups: [group('Add-ons', 0, 2, [opt('Extra bhatura', 20), opt('Sweet lassi', 35)])],
    },
  },
  {
    image: 'rajma-chawal.png',
    item: {
      name: 'Rajma Chawal',
      description: 'Slow-cooked red kidney beans in an onion-tomato gravy over steamed basmati rice.',
      category: 'North Indian Meals',
      price: 70,
      preparation_time: 3,
      station: 'counter',
      diet_tags: ['veg', 'vegan', 'gluten-free', 'high-protein'],
      allergens: [],
    },
  },
  {
    image: 'dal-makhani-jeera-rice.png',
    item: {
      name: 'Dal Makhani with Jeera Rice',
      description: 'Black lentils simmered overnight with butter and cream, with cumin-tempered rice.',
      category: 'North Indian Meals',
      price: 100,
      preparation_time: 4,
      station: 'counter',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
    },
  },
  {
    image: 'chicken-biryani.png',
    item: {
      name: 'Chicken Dum Biryani',
      description: 'Fragrant basmati layered with spiced chicken, fried onions, mint and saffron. With raita and salan.',
      category: 'North Indian Meals',
      price: 160,
      preparation_time: 6,
      station: 'counter',
      diet_tags: ['non-veg', 'spicy', 'high-protein'],
      allergens: ['dairy', 'nuts'],
      stock: 40,
      option_groups: [
        group('Add-ons', 0, 3, [opt('Boiled egg', 12), opt('Extra raita', 15), opt('Extra chicken piece', 50)]),
      ],
    },
  },
  {
    image: 'veg-biryani.png',
    item: {
      name: 'Veg Biryani',
      description: 'Basmati rice dum-cooked with vegetables, whole spices, mint and fried onions. With raita.',
      category: 'North Indian Meals',
      price: 110,
      preparation_time: 6,
      station: 'counter',
      diet_tags: ['veg', 'spicy'],
      allergens: ['dairy', 'nuts'],
      option_groups: [group('Add-ons', 0, 2, [opt('Extra raita', 15), opt('Paneer cubes', 30)])],
    },
  },

  // Chinese
  {
    image: 'veg-hakka-noodles.png',
    item: {
      name: 'Veg Hakka Noodles',
      description: 'Wok-tossed noodles with cabbage, carrot, capsicum and spring onion in soy and vinegar.',
      category: 'Chinese',
      price: 80,
      preparation_time: 10,
      station: 'stove',
      diet_tags: ['veg', 'vegan'],
      allergens: ['gluten', 'soy'],
      option_groups: [
        group('Style', 1, 1, [opt('Hakka'), opt('Schezwan', 10)]),
        spiceLevel(),
        group('Add-ons', 0, 2, [opt('Add egg', 15), opt('Add paneer', 30)]),
      ],
    },
  },
  {
    image: 'chicken-fried-rice.png',
    item: {
      name: 'Chicken Fried Rice',
      description: 'Smoky wok-fried rice with shredded chicken, egg, spring onion and a splash of soy.',
      category: 'Chinese',
      price: 120,
      preparation_time: 10,
      station: 'stove',
      diet_tags: ['non-veg', 'high-protein'],
      allergens: ['soy', 'egg'],
      option_groups: [group('Style', 1, 1, [opt('Classic'), opt('Schezwan', 10)])],
    },
  },
  {
    image: 'veg-manchurian.png',
    item: {
      name: 'Veg Manchurian',
      description: 'Crispy vegetable balls tossed in a glossy garlic, ginger and soy sauce.',
      category: 'Chinese',
      price: 90,
      preparation_time: 10,
      station: 'fryer',
      diet_tags: ['veg', 'vegan'],
      allergens: ['gluten', 'soy'],
      option_groups: [group('Style', 1, 1, [opt('Dry'), opt('Gravy')])],
    },
  },
  {
    image: 'chilli-paneer.png',
    item: {
      name: 'Chilli Paneer',
      description: 'Crisp-fried paneer with onion, capsicum and green chilli in a fiery soy-chilli glaze.',
      category: 'Chinese',
      price: 130,
      preparation_time: 12,
      station: 'stove',
      diet_tags: ['veg', 'spicy'],
      allergens: ['dairy', 'soy', 'gluten'],
      option_groups: [spiceLevel()],
    },
  },

  // Snacks & Chaat
  {
    image: 'samosa.png',
    item: {
      name: 'Samosa (2 pcs)',
      description: 'Flaky pastry filled with spiced potato and peas, with mint and tamarind chutneys.',
      category: 'Snacks & Chaat',
      price: 25,
      preparation_time: 2,
      station: 'fryer',
      diet_tags: ['veg', 'vegan'],
      allergens: ['gluten'],
      option_groups: [group('Make it a chaat', 0, 1, [opt('Samosa chaat with chole and curd', 25)])],
    },
  },
  {
    image: 'vada-pav.png',
    item: {
      name: 'Vada Pav',
      description: 'Mumbai’s favourite: spiced potato fritter in a soft pav with dry garlic chutney and fried chilli.',
      category: 'Snacks & Chaat',
      price: 20,
      preparation_time: 3,
      station: 'fryer',
      diet_tags: ['veg', 'spicy'],
      allergens: ['gluten'],
      option_groups: [group('Add-ons', 0, 2, [opt('Cheese slice', 10), opt('Extra vada', 15)])],
    },
  },
  {
    image: 'pav-bhaji.png',
    item: {
      name: 'Pav Bhaji',
      description: 'Buttery mashed-vegetable bhaji with two toasted pavs, chopped onion and lemon.',
      category: 'Snacks & Chaat',
      price: 70,
      preparation_time: 7,
      station: 'grill',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy'],
      option_groups: [group('Add-ons', 0, 3, [opt('Extra pav', 15), opt('Extra butter', 10), opt('Cheese', 20)])],
    },
  },
  {
    image: 'pani-puri.png',
    item: {
      name: 'Pani Puri (6 pcs)',
      description: 'Crisp hollow puris with potato and chickpeas, dunked in chilled spicy mint water.',
      category: 'Snacks & Chaat',
      price: 30,
      preparation_time: 3,
      station: 'counter',
      diet_tags: ['veg', 'vegan', 'spicy'],
      allergens: ['gluten'],
      option_groups: [group('Pani', 1, 1, [opt('Spicy'), opt('Sweet'), opt('Half and half')])],
    },
  },
  {
    image: 'bhel-puri.png',
    item: {
      name: 'Bhel Puri',
      description: 'Puffed rice, sev and papdi tossed with onion, tomato, peanuts and tangy chutneys.',
      category: 'Snacks & Chaat',
      price: 35,
      preparation_time: 3,
      station: 'counter',
      diet_tags: ['veg', 'vegan'],
      allergens: ['gluten', 'peanuts'],
      option_groups: [group('Preference', 0, 1, [opt('Jain (no onion)')])],
    },
  },
  {
    image: 'paneer-tikka.png',
    item: {
      name: 'Paneer Tikka',
      description: 'Six chunks of paneer, capsicum and onion marinated in spiced yoghurt and charred in the tandoor.',
      category: 'Snacks & Chaat',
      price: 140,
      preparation_time: 15,
      station: 'tandoor',
      diet_tags: ['veg', 'gluten-free', 'high-protein'],
      allergens: ['dairy', 'mustard'],
      option_groups: [spiceLevel()],
    },
  },

  // Sandwiches & Rolls
  {
    image: 'veg-grilled-sandwich.png',
    item: {
      name: 'Veg Grilled Sandwich',
      description: 'Bombay-style sandwich with green chutney, potato, cucumber, tomato and onion, grilled crisp.',
      category: 'Sandwiches & Rolls',
      price: 50,
      preparation_time: 6,
      station: 'grill',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy'],
      option_groups: [
        group('Bread', 1, 1, [opt('White bread'), opt('Brown bread', 5)]),
        group('Extra cheese', 0, 1, [opt('Extra cheese', 10)]),
      ],
    },
  },
  {
    image: 'chicken-mayo-sandwich.png',
    item: {
      name: 'Chicken Mayo Sandwich',
      description: 'Shredded pepper chicken, creamy mayo, lettuce and cucumber on soft bread. Served cold.',
      category: 'Sandwiches & Rolls',
      price: 70,
      preparation_time: 3,
      station: 'cold',
      diet_tags: ['non-veg', 'high-protein'],
      allergens: ['gluten', 'egg', 'mustard'],
      option_groups: [group('Bread', 1, 1, [opt('White bread'), opt('Brown bread', 5)])],
    },
  },
  {
    image: 'paneer-kathi-roll.png',
    item: {
      name: 'Paneer Kathi Roll',
      description: 'Tikka-spiced paneer, onion and mint chutney wrapped in a flaky paratha.',
      category: 'Sandwiches & Rolls',
      price: 80,
      preparation_time: 7,
      station: 'grill',
      diet_tags: ['veg'],
      allergens: ['gluten', 'dairy'],
      option_groups: [spiceLevel(), group('Extra cheese', 0, 1, [opt('Extra cheese', 10)])],
    },
  },
  {
    image: 'chicken-tikka-roll.png',
    item: {
      name: 'Chicken Tikka Roll',
      description: 'Smoky chicken tikka with pickled onion and mint mayo in a paratha wrap.',
      category: 'Sandwiches & Rolls',
      price: 100,
      preparation_time: 8,
      station: 'grill',
      diet_tags: ['non-veg', 'spicy', 'high-protein'],
      allergens: ['gluten', 'dairy', 'egg'],
      option_groups: [group('Add-ons', 0, 2, [opt('Egg layer', 15), opt('Extra chicken', 40)])],
    },
  },
  {
    image: 'egg-roll.png',
    item: {
      name: 'Egg Roll',
      description: 'Kolkata-style: a paratha fried with egg, rolled with onion, chilli, lime and ketchup.',
      category: 'Sandwiches & Rolls',
      price: 55,
      preparation_time: 6,
      station: 'grill',
      diet_tags: ['egg'],
      allergens: ['gluten', 'egg'],
      option_groups: [group('Eggs', 1, 1, [opt('Single egg'), opt('Double egg', 15)])],
    },
  },

  // Beverages
  {
    image: 'masala-chai.png',
    item: {
      name: 'Masala Chai',
      description: 'Strong tea boiled with milk, ginger and cardamom.',
      category: 'Beverages',
      price: 15,
      preparation_time: 2,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      option_groups: [size(10), sugar()],
    },
  },
  {
    image: 'filter-coffee.png',
    item: {
      name: 'Filter Coffee',
      description: 'South Indian decoction with frothy hot milk, served in a steel tumbler.',
      category: 'Beverages',
      price: 20,
      preparation_time: 2,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      option_groups: [sugar()],
    },
  },
  {
    image: 'cold-coffee.png',
    item: {
      name: 'Cold Coffee',
      description: 'Thick blended iced coffee with a chocolate drizzle.',
      category: 'Beverages',
      price: 60,
      preparation_time: 4,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      option_groups: [size(15), sugar(), group('Add-ons', 0, 1, [opt('Scoop of vanilla ice cream', 20)])],
    },
  },
  {
    image: 'lassi.png',
    item: {
      name: 'Lassi',
      description: 'Chilled churned yoghurt drink topped with malai.',
      category: 'Beverages',
      price: 45,
      preparation_time: 3,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      option_groups: [group('Flavour', 1, 1, [opt('Sweet'), opt('Salted'), opt('Mango', 15)]), size(15)],
    },
  },
  {
    image: 'fresh-lime-soda.png',
    item: {
      name: 'Fresh Lime Soda',
      description: 'Freshly squeezed lime with chilled soda and a pinch of roasted cumin.',
      category: 'Beverages',
      price: 35,
      preparation_time: 2,
      station: 'drinks',
      diet_tags: ['veg', 'vegan', 'jain', 'gluten-free'],
      allergens: [],
      option_groups: [group('Taste', 1, 1, [opt('Sweet'), opt('Salted'), opt('Sweet and salted')])],
    },
  },
  {
    image: 'masala-chaas.png',
    item: {
      name: 'Masala Chaas',
      description: 'Cool spiced buttermilk with roasted cumin, ginger and coriander.',
      category: 'Beverages',
      price: 20,
      preparation_time: 1,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
    },
  },
  {
    image: 'mango-milkshake.png',
    item: {
      name: 'Mango Milkshake',
      description: 'Alphonso mango pulp blended with chilled milk. Back in mango season.',
      category: 'Beverages',
      price: 70,
      preparation_time: 4,
      station: 'drinks',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      available: false,
      option_groups: [size(15)],
    },
  },
  {
    image: 'chilled-cola.png',
    item: {
      name: 'Chilled Cola (300 ml)',
      description: 'Ice-cold fizzy cola.',
      category: 'Beverages',
      price: 40,
      preparation_time: 1,
      station: 'counter',
      diet_tags: ['veg', 'vegan', 'jain', 'gluten-free'],
      allergens: [],
    },
  },
  {
    image: 'mineral-water.png',
    item: {
      name: 'Mineral Water (1 L)',
      description: 'Sealed bottle of packaged drinking water.',
      category: 'Beverages',
      price: 20,
      preparation_time: 1,
      station: 'counter',
      diet_tags: ['veg', 'vegan', 'jain', 'gluten-free'],
      allergens: [],
    },
  },

  // Desserts
  {
    image: 'gulab-jamun.png',
    item: {
      name: 'Gulab Jamun (2 pcs)',
      description: 'Warm milk-solid dumplings soaked in rose and cardamom syrup.',
      category: 'Desserts',
      price: 30,
      preparation_time: 1,
      station: 'counter',
      diet_tags: ['veg'],
      allergens: ['dairy', 'gluten'],
      stock: 60,
      option_groups: [group('Serve with', 0, 1, [opt('Vanilla ice cream', 20)])],
    },
  },
  {
    image: 'rasmalai.png',
    item: {
      name: 'Rasmalai (2 pcs)',
      description: 'Soft chenna discs in chilled saffron milk with pistachio and almond slivers.',
      category: 'Desserts',
      price: 50,
      preparation_time: 1,
      station: 'cold',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy', 'nuts'],
    },
  },
  {
    image: 'rice-kheer.png',
    item: {
      name: 'Rice Kheer',
      description: 'Slow-cooked rice pudding with cardamom, saffron and chopped nuts. Served chilled.',
      category: 'Desserts',
      price: 40,
      preparation_time: 1,
      station: 'cold',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy', 'nuts'],
    },
  },
  {
    image: 'gajar-halwa.png',
    item: {
      name: 'Gajar Halwa',
      description: 'Grated carrots slow-cooked in milk and ghee with cashews and raisins. A winter special.',
      category: 'Desserts',
      price: 50,
      preparation_time: 2,
      station: 'counter',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy', 'nuts'],
      available: false,
    },
  },
  {
    image: 'ice-cream-cup.png',
    item: {
      name: 'Ice Cream Cup',
      description: 'Two scoops of creamy ice cream.',
      category: 'Desserts',
      price: 40,
      preparation_time: 1,
      station: 'cold',
      diet_tags: ['veg', 'gluten-free'],
      allergens: ['dairy'],
      option_groups: [
        group('Flavour', 1, 2, [opt('Vanilla'), opt('Chocolate'), opt('Strawberry'), opt('Butterscotch', 5)]),
      ],
    },
  },
  {
    image: 'chocolate-brownie.png',
    item: {
      name: 'Chocolate Walnut Brownie',
      description: 'Fudgy, freshly baked brownie studded with walnuts.',
      category: 'Desserts',
      price: 60,
      preparation_time: 2,
      station: 'bakery',
      diet_tags: ['egg'],
      allergens: ['gluten', 'dairy', 'egg', 'nuts'],
      stock: 18,
      option_groups: [group('Make it a sundae', 0, 1, [opt('Add ice cream and chocolate sauce', 30)])],
    },
  },
];
