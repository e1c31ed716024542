import type { MenuStore } from './menu.store.ts';
import { createMongoMenuStore } from './mongo.menu-store.ts';
import { createSqliteMenuStore } from './sqlite.menu-store.ts';

export type MenuStoreChoice = { kind: 'mongo'; url: string } | { kind: 'sqlite'; path: string };

/**
 * Picks the adapter from config: MongoDB when `MENU_MONGO_URL` is set (it must be a replica
 * set, for transactions), the embedded SQLite document store otherwise (`:memory:` allowed).
 * The caller runs `migrate()` before use.
 */
export async function openMenuStore(choice: MenuStoreChoice): Promise<MenuStore> {
  return choice.kind === 'mongo' ? createMongoMenuStore(choice.url) : createSqliteMenuStore(choice.path);
}

export * from './menu.store.ts';
