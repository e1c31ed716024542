import type { Logger } from '@canteen/service-kit';
import type { MenuCatalog } from '../clients/menu-catalog.ts';
import type { MenuStock } from '../clients/menu-stock.ts';
import type { OrderStore } from '../store/order.store.ts';

export interface OrdersDeps {
  store: OrderStore;
  menu: MenuCatalog;
  /** Holds and gives back stock of counted items (the menu service counts). */
  stock: MenuStock;
  logger: Logger;
  currency: string;
  /** After a commit that wrote outbox rows: publish them now rather than at the next poll. */
  eventsWritten: () => void;
  now: () => Date;
  /** The canteen's time zone (TIMEZONE): the days and hours the analytics count in. */
  timeZone?: string;
}
