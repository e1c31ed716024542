import { createBffClient, createLiveClient, type SocketLike } from '@canteen/client';
import type { Order } from '@canteen/contracts';
import type { KitchenSettings } from '../../../shared/bridge.ts';
import { baseUrlOf, wsUrlOf } from '../../shared/settings.ts';
import { createKitchenSessionStore } from '../../shared/session-store.ts';
import { createSoundPlayer } from '../../shared/sounds.ts';
import { openKitchenDb } from '../offline/bump-db.ts';
import { createBumpRunner } from '../offline/bump-runner.ts';
import { createTicketStore } from '../tickets/ticket-store.ts';
import { ticketFromOrder, type Ticket } from '../tickets/ticket.ts';

/** Cash orders wait at the counter as `placed` until someone takes the money. */
const isCashDue = (order: Order) => order.payment_method === 'cash' && order.payment_status === 'pending';
/** How often the screen looks for new cash orders: the live stream (the queue's) carries only paid ones. */
const CASH_POLL_MS = 5000;

/**
 * Everything the kitchen screen talks to, made once at start from the settings: the BFF
 * client, the live stream, the ticket store, the bump outbox and the sounds.
 */
export async function createKitchenServices(settings: KitchenSettings) {
  const base = baseUrlOf(settings);
  const sessions = await createKitchenSessionStore(window.canteenDesktop);
  const api = createBffClient({ baseUrl: base, sessions });
  const sound = createSoundPlayer({ volume: settings.volume, muted: settings.muted });
  const store = createTicketStore({
    onNewOrder: () => void sound.play('new-order'),
    onReady: () => void sound.play('ready'),
  });
  const db = openKitchenDb();
  const bumps = createBumpRunner({ db, api, onSent: (entry) => store.confirmed(entry.orderId, entry.to) });

  let fetching: Promise<void> | null = null;
  let again = false;
  /** One snapshot at a time; a message that needs one meanwhile asks for another after it. */
  function refresh(): Promise<void> {
    if (fetching) {
      again = true;
      return fetching;
    }
    fetching = (async () => {
      try {
        // What the stream says while the snapshot is on the way is newer than it: kept (replaceAll).
        const askedAt = store.mark();
        const [kitchen, placed] = await Promise.all([api.kitchenTickets(), api.ordersByStatus('placed')]);
        // Cash orders wait at the counter as `placed`: the kitchen sees them to take the money.
        const cash = placed.filter(isCashDue);
        const tickets = [...kitchen.tickets, ...cash].map(ticketFromOrder).filter((ticket): ticket is Ticket => ticket !== null);
        store.replaceAll(tickets, Date.now(), askedAt);
      } catch (err) {
        store.failed(err instanceof Error ? err.message : String(err));
      } finally {
        fetching = null;
        if (again) {
          again = false;
          void refresh();
        }
      }
    })();
    return fetching;
  }

  /** One new order's options, notes and payment; if that fails, the whole snapshot instead. */
  async function fetchDetails(id: number): Promise<void> {
    try {
      const ticket = ticketFromOrder(await api.order(id));
      if (ticket) store.details(ticket);
    } catch {
      await refresh();
    }
  }

  // A cash order placed since the last snapshot shows within CASH_POLL_MS: the short list of
  // placed orders is compared with the screen's, and only a difference fetches the snapshot.
  setInterval(() => {
    if (fetching || !sessions.get() || store.load().phase === 'loading') return;
    api.ordersByStatus('placed').then(
      (placed) => {
        const due = placed.filter(isCashDue).map((order) => order.id);
        const shown = [...store.all().values()].filter((ticket) => ticket.status === 'placed').map((ticket) => ticket.id);
        if (due.length !== shown.length || due.some((id) => !shown.includes(id))) void refresh();
      },
      () => undefined, // Offline: the connection line already says so.
    );
  }, CASH_POLL_MS);

  const liveStateListeners = new Set<() => void>();
  const live = createLiveClient({
    url: wsUrlOf(base),
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    token: () => api.accessToken(),
    onMessage: (message) => {
      // For bench/kitchen-render.ts: when an order's update (this seq) reached the page (a mark is cheap).
      const orderId = 'data' in message ? (message.data as { order_id?: unknown } | undefined)?.order_id : undefined;
      if (typeof orderId === 'number') performance.mark('kitchen:message', { detail: { orderId, seq: message.seq } });
      if (store.apply(message)) void refresh();
      for (const id of store.takeMissing()) void fetchDetails(id);
      // Back on the stream: what waited in the outbox goes now.
      if (message.type === 'welcome') void bumps.flush();
    },
    onState: () => liveStateListeners.forEach((fn) => fn()),
  });
  const onLiveState = (fn: () => void) => {
    liveStateListeners.add(fn);
    return () => liveStateListeners.delete(fn);
  };

  return { settings, base, sessions, api, sound, store, bumps, live, onLiveState, refresh };
}

export type KitchenServices = Awaited<ReturnType<typeof createKitchenServices>>;
