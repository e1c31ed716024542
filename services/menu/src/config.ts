import { z } from 'zod';
import { env, loadConfig, serviceConfigFields, serviceTokenField } from '@canteen/service-kit';

export const menuConfigSchema = z.object({
  HOST: env.host(),
  MENU_PORT: env.port(8082),
  /** MongoDB (a replica set: writes and their events commit in one transaction). */
  MENU_MONGO_URL: env.url(['mongodb', 'mongodb+srv']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The embedded store's file when MENU_MONGO_URL is unset; default DATA_DIR/menu.sqlite. */
  MENU_DB_PATH: z.string().min(1).optional(),
  /** Where uploaded item images are kept; default DATA_DIR/menu-images. */
  MENU_IMAGE_DIR: z.string().min(1).optional(),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like INR')
    .default('INR'),
  /** Guards `/internal` (stock reservations from the orders service); without it they are not served. */
  SERVICE_TOKEN: serviceTokenField,
  ...serviceConfigFields,
});

export type MenuConfig = z.infer<typeof menuConfigSchema>;

export const loadMenuConfig = (source: NodeJS.ProcessEnv = process.env) => loadConfig(menuConfigSchema, source);
