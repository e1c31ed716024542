import { randomBytes, randomUUID } from 'node:crypto';
import type { NewOutboxEvent, OutboxRecord } from '@canteen/service-kit';
import type { MenuItemRecord, NewCategory, NewMenuItem } from '../../src/domain/menu.ts';
import type { EventsOf, MenuStore } from '../../src/store/menu.store.ts';

export interface OpenedMenuStore {
  store: MenuStore;
  /** Closes the store and throws its database away. */
  cleanup: () => Promise<void>;
}

export interface OpenOptions {
  /** A clock for the store (epoch ms), so lease and retry times can be passed without waiting. */
  now?: () => number;
}

/** Returns a store over a fresh, empty, not yet migrated database. */
export type OpenMenuStore = (options?: OpenOptions) => Promise<OpenedMenuStore>;

let seq = 0;
/** A lowercase token no other test (or earlier run against the same database) uses. */
export const uniqueTag = (): string => `t${++seq}x${randomBytes(4).toString('hex')}`;

export const newCategory = (overrides: Partial<NewCategory> = {}): NewCategory => ({
  name: `Category ${uniqueTag()}`,
  description: 'Hot from the pan',
  displayOrder: 1,
  active: true,
  ...overrides,
});

export const newItem = (categoryId: string, overrides: Partial<NewMenuItem> = {}): NewMenuItem => ({
  name: `Item ${uniqueTag()}`,
  description: 'Crisp and golden',
  categoryId,
  priceMinor: 12_050,
  available: true,
  imageUrl: '/images/item.png',
  preparationTime: 8,
  station: 'fryer',
  dietTags: ['veg'],
  allergens: ['gluten'],
  optionGroups: [
    {
      id: 'size',
      name: 'Size',
      min: 1,
      max: 1,
      options: [
        { id: 'regular', name: 'Regular', priceDeltaMinor: 0, available: true },
        { id: 'large', name: 'Large', priceDeltaMinor: 3_000, available: false },
      ],
      defaultOptionIds: ['regular'],
    },
  ],
  stock: null,
  ...overrides,
});

/**
 * An `events` callback that records what it was shown and makes one event per call, tagged so
 * a test finds its own rows in a shared outbox. (A store may call it more than once when it
 * retries a transaction; only the committed call's event reaches the outbox.)
 */
export function eventRecorder(tag = uniqueTag()) {
  const calls: { before: MenuItemRecord | undefined; after: MenuItemRecord | undefined }[] = [];
  const made: NewOutboxEvent[] = [];
  const events: EventsOf<MenuItemRecord> = (before, after) => {
    calls.push({ before, after });
    const item = after ?? before!;
    const event: NewOutboxEvent = {
      eventId: randomUUID(),
      routingKey: 'menu.item.changed',
      payload: {
        event_type: 'menu.item.changed',
        item_id: item.id,
        change: before === undefined ? 'created' : after === undefined ? 'deleted' : 'updated',
        stock: item.stock,
        price: item.priceMinor / 100,
        tag,
      },
      headers: { 'x-test-tag': tag },
    };
    made.push(event);
    return [event];
  };
  return { tag, events, calls, made };
}

export const noEvents: EventsOf<MenuItemRecord> = () => [];

/**
 * Claims everything due and marks it sent, returning what was claimed: in a shared database a
 * test drains the outbox right after its writes and picks out its own rows by tag or id.
 */
export async function drainOutbox(store: MenuStore): Promise<OutboxRecord[]> {
  const claimed: OutboxRecord[] = [];
  for (;;) {
    const batch = await store.claimBatch(500);
    if (batch.length === 0) return claimed;
    claimed.push(...batch);
    await store.markSent(batch.map((record) => record.eventId));
  }
}

export const tagged = (records: OutboxRecord[], tag: string): OutboxRecord[] =>
  records.filter((record) => record.headers?.['x-test-tag'] === tag);
