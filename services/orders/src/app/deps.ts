import type { Logger } from '@canteen/service-kit';
import type { MenuCatalog } from '../clients/menu-catalog.ts';
import type { OrderStore } from '../store/order.store.ts';

export interface OrdersDeps {
  store: OrderStore;
  menu: MenuCatalog;
  logger: Logger;
  currency: string;
  /** After a commit that wrote outbox rows: publish them now rather than at the next poll. */
  eventsWritten: () => void;
  now: () => Date;
}
