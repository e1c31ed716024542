/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { createBffClient } from '@canteen/client';
import { windowForNotification } from './notification-target.ts';
import { OUTBOX_SYNC_TAG, replayFromWorker } from './offline/background-sync.ts';
import { openCanteenDb, type CanteenDb } from './offline/db.ts';
import { indexedDbSessionStore, refreshLock } from './offline/session-store.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

// The app shell: every built file, so the app opens with no network at all.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Page loads of the app's routes get the shell; the BFF's own paths and the other apps never do.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api(\/|$)/, /^\/ws$/, /^\/(admin|kitchen|board)(\/|$)/, /^\/(health|ready|metrics)$/],
  }),
);

// The menu: fresh when the network answers within 4 s, the last copy otherwise (offline menu).
// A page that asks for no-store (pricing an order that waited offline) gets the network or an
// error: a copy from before the price changed would send the order at a total nobody confirmed.
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' && request.cache !== 'no-store' && url.origin === self.location.origin && /^\/api\/menu\/(items|categories)(\/|$|\?)/.test(url.pathname),
  new NetworkFirst({
    cacheName: 'menu',
    networkTimeoutSeconds: 4,
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 50 })],
  }),
);

// Pictures are content-addressed (a URL never changes meaning): cache first, keep a few hundred.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/api/menu/images/'),
  new CacheFirst({
    cacheName: 'menu-images',
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);

/**
 * The menu a first visit loaded came before this worker controlled the page, so it is in no
 * cache yet: fetch it (and its pictures) once on activation, so the very first visit already
 * leaves a menu that opens offline. Best effort: a failure only means the next online visit fills it.
 */
const MENU_URLS = ['/api/menu/categories', '/api/menu/items'];
async function warmMenuCache(): Promise<void> {
  const menu = await caches.open('menu');
  await Promise.all(
    MENU_URLS.map(async (url) => {
      const response = await fetch(url);
      if (response.ok) await menu.put(url, response);
    }),
  );
  const items = (await (await menu.match('/api/menu/items'))?.json()) as { image_url?: string }[] | undefined;
  const pictures = await caches.open('menu-images');
  const urls = [...new Set((items ?? []).map((item) => item.image_url ?? '').filter((url) => url.startsWith('/api/menu/images/')))];
  for (const url of urls) {
    if (await pictures.match(url)) continue;
    const response = await fetch(url);
    if (response.ok) await pictures.put(url, response);
  }
}
self.addEventListener('activate', (event) => event.waitUntil(warmMenuCache().catch(() => undefined)));

// A new version waits until the app says so (workbox-window's "Reload" button), except the
// very first install, which takes the open page at once so it works offline from now on.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

interface PushPayload {
  order_id: number;
  queue_number: number | null;
  title: string;
  body: string;
  url: string;
  type: string;
}

self.addEventListener('push', (event) => {
  let payload: PushPayload | null = null;
  try {
    payload = event.data?.json() as PushPayload;
  } catch {
    payload = null;
  }
  if (!payload) return;
  const title = payload.queue_number ? `#${payload.queue_number} — ${payload.title}` : payload.title;
  event.waitUntil(
    self.registration.showNotification(title, {
      body: payload.body,
      tag: `order-${payload.order_id}`,
      icon: '/icons/icon-192.png',
      badge: '/icons/favicon-32.png',
      data: { url: payload.url },
      // Vibration is in the Notification spec but not yet in TypeScript's NotificationOptions.
      ...({ vibrate: [200, 100, 200], renotify: true } as object),
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? '/', self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windowForNotification(windows, url, self.location.origin);
      if (!open) {
        await self.clients.openWindow(url);
        return;
      }
      const focused = await open.focus();
      if (focused.url === url) return;
      // navigate() refuses a window this worker does not control (opened before it installed).
      const moved = await focused.navigate(url).catch(() => null);
      if (!moved) await self.clients.openWindow(url);
    })(),
  );
});

/**
 * Background Sync: a page that could not send a queued order registers OUTBOX_SYNC_TAG, and the
 * browser wakes this worker when the network is back, app open or not. The worker replays with
 * the pages' own code (background-sync.ts): the session from IndexedDB, the token refreshed first
 * under the lock the pages use, the outbox in turn with their replays (Web Locks), so an order
 * goes out once whoever sends it. A rejected sync is retried by the browser later.
 */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
// Made on the first sync only: a worker woken for a push or a fetch opens no database.
let replayer: { sessions: ReturnType<typeof indexedDbSessionStore>; client: ReturnType<typeof createBffClient>; db: CanteenDb } | null = null;
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  if (!replayer) {
    const sessions = indexedDbSessionStore();
    replayer = { sessions, client: createBffClient({ sessions, refreshExclusively: refreshLock() }), db: openCanteenDb() };
  }
  sync.waitUntil(replayFromWorker(replayer.sessions, replayer.client, replayer.db));
});
