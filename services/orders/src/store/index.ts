import type { Logger } from '@canteen/service-kit';
import { createMysqlOrderStore } from './mysql.order-store.ts';
import type { OrderStore } from './order.store.ts';
import { createSqliteOrderStore } from './sqlite.order-store.ts';

export type OrderStoreChoice = ({ kind: 'mysql'; url: string } | { kind: 'sqlite'; path: string }) & {
  /** The canteen's time zone, for the day a queue number belongs to. */
  timeZone?: string;
};

/**
 * Picks the adapter from config: MySQL/MariaDB when a URL is configured, the embedded SQLite
 * store otherwise (`:memory:` allowed). The caller runs `migrate()` before use.
 */
export async function openOrderStore(choice: OrderStoreChoice, logger?: Logger): Promise<OrderStore> {
  const timeZone = choice.timeZone === undefined ? {} : { timeZone: choice.timeZone };
  return choice.kind === 'mysql'
    ? createMysqlOrderStore(choice.url, { ...timeZone, ...(logger ? { logger } : {}) })
    : createSqliteOrderStore(choice.path, timeZone);
}

export * from './order.store.ts';
export * from './order-analytics.store.ts';
