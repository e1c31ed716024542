import type { Logger } from '@canteen/service-kit';
import type { MenuStore } from '../store/menu.store.ts';

export interface MenuDeps {
  store: MenuStore;
  logger: Logger;
  currency: string;
  /** Called after a write that put events in the outbox, so the relay publishes them now. */
  eventsWritten: () => void;
  now: () => Date;
}
