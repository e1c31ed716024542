import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateCategorySchema, CreateMenuItemSchema } from '@canteen/contracts';
import { demoCategories, demoItems } from '../../seed/demo-menu.ts';
import { createCategory } from './categories.ts';
import type { MenuDeps } from './deps.ts';
import { saveImage } from './images.ts';
import { createItem } from './items.ts';

const seedImages = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seed/images');

/**
 * Fills an empty menu with the demo canteen (all-in-one mode). A menu that has anything in it
 * is left alone, so an admin's edits survive restarts.
 */
export async function seedDemoMenu(deps: MenuDeps, imageDir: string): Promise<boolean> {
  if ((await deps.store.listCategories({ includeInactive: true })).length > 0) return false;
  for (const category of demoCategories) await createCategory(deps, CreateCategorySchema.parse(category));
  for (const { image, item } of demoItems) {
    const imageUrl = await saveImage(imageDir, await readFile(path.join(seedImages, image)));
    await createItem(deps, CreateMenuItemSchema.parse({ ...item, image_url: imageUrl }));
  }
  deps.logger.info({ categories: demoCategories.length, items: demoItems.length }, 'demo menu seeded');
  return true;
}
