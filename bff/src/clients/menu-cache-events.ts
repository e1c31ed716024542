import { MENU_ITEM_CHANGED } from '@canteen/contracts';
import { createAmqpBus, instanceSuffix, type EventBus, type Logger, type Subscription } from '@canteen/service-kit';
import type { ResponseCache } from './response-cache.ts';

export const MENU_CHANGES_QUEUE = 'bff.menu-changes';

export interface MenuCacheEvents {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A dish changed without passing through this BFF (another BFF instance, a call straight to the
 * menu service, stock an order took): the menu service says so with `menu.item.changed`, and
 * every BFF instance, on a queue of its own, drops its cached menu answers. Without a bus the
 * cache only ages out (`MENU_CACHE_FRESH_MS`).
 */
export function createMenuCacheEvents(
  settings: { AMQP_URL?: string | undefined },
  options: { bus?: EventBus | undefined; cache: Pick<ResponseCache, 'clear'>; logger: Logger; queuePrefix?: string },
): MenuCacheEvents {
  let ownBus: EventBus | undefined;
  let subscription: Subscription | undefined;
  return {
    async start() {
      if (!options.bus && settings.AMQP_URL) {
        ownBus = await createAmqpBus({ url: settings.AMQP_URL, logger: options.logger, connectionName: 'bff-menu-changes' });
      }
      const bus = options.bus ?? ownBus;
      if (!bus) {
        options.logger.warn('no AMQP_URL: menu changes made past this BFF show once its cached copy ages out');
        return;
      }
      subscription = await bus.subscribe({
        queue: `${options.queuePrefix ?? ''}${MENU_CHANGES_QUEUE}.${instanceSuffix()}`,
        perInstance: true,
        routingKeys: [MENU_ITEM_CHANGED],
        handler: async () => options.cache.clear(),
      });
    },
    async stop() {
      await subscription?.cancel();
      subscription = undefined;
      await ownBus?.close();
      ownBus = undefined;
    },
  };
}
