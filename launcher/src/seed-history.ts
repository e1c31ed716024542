import path from 'node:path';
import { openOrderStore, type OrdersConfig } from '@canteen/orders';
import type { PaymentStore } from '@canteen/payments';
import { canteenDay, shiftDay, type Logger } from '@canteen/service-kit';
import { generateHistory } from './demo-history.ts';

export interface SeedHistoryOptions {
  orders: OrdersConfig;
  payments: PaymentStore;
  menuUrl: string;
  logger: Logger;
  now?: Date;
}

/** The fields of the menu's items the history uses (the launcher reads the menu service's answer as is). */
interface MenuRead {
  id: string;
  name: string;
  price: number;
  station: string;
  preparation_time: number;
}

/** Days of demo history before today (today is left to real orders). */
const HISTORY_DAYS = 30;

/**
 * Demo mode only: 30 days of made-up history before today, so a newcomer's dashboard has
 * something to show. Written once, through the services' own stores in a few batch inserts,
 * and only into an empty canteen: once any order or payment exists (history seeded before, or
 * real use) nothing is invented.
 */
export async function seedDemoHistory(options: SeedHistoryOptions): Promise<void> {
  const { orders: config, payments, logger } = options;
  const store = await openOrderStore(
    config.ORDERS_DATABASE_URL
      ? { kind: 'mysql', url: config.ORDERS_DATABASE_URL, timeZone: config.TIMEZONE }
      : { kind: 'sqlite', path: config.ORDERS_DB_PATH ?? path.join(config.DATA_DIR, 'orders.sqlite'), timeZone: config.TIMEZONE },
  );
  try {
    if ((await store.countOrders()) > 0 || (await payments.countPayments()) > 0) return;
    const started = Date.now();
    const response = await fetch(`${options.menuUrl.replace(/\/$/, '')}/api/menu/items`, { signal: AbortSignal.timeout(5000) });
    const menu = ((await response.json()) as MenuRead[]).filter(
      (item) => typeof item.id === 'string' && typeof item.name === 'string' && Number.isFinite(item.price) && Number.isInteger(item.preparation_time),
    );
    if (menu.length === 0) return;
    const today = canteenDay(options.now ?? new Date(), config.TIMEZONE);
    const history = generateHistory({
      firstDay: shiftDay(today, -HISTORY_DAYS),
      days: HISTORY_DAYS,
      timeZone: config.TIMEZONE,
      menu: menu.map((item) => ({ id: item.id, name: item.name, priceMinor: Math.round(item.price * 100), station: item.station, preparationTime: item.preparation_time })),
      weekdayOrders: 140,
    });
    const ids = await store.importHistory(history.orders);
    await payments.importHistory(history.paymentsFor(ids));
    logger.info({ orders: ids.length, days: HISTORY_DAYS, ms: Date.now() - started }, 'demo history seeded (once: never again on this data)');
  } finally {
    await store.close();
  }
}
