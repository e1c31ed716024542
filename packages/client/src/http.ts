import type {
  ActiveOrder,
  AuthResponse,
  BoardItem,
  Category,
  KitchenTickets,
  CreateOrder,
  MenuItem,
  Order,
  OrderStatus,
  Payment,
  Profile,
  PushSubscriptionInput,
  QueueItem,
  RegisterRequest,
} from '@canteen/contracts';
import { errorFromResponse, NetworkError, UnauthorizedError } from './errors.ts';
import { sessionFromAuth, type Session, type SessionStore } from './tokens.ts';

export interface BffClientOptions {
  /** '' for the same origin (the apps); an absolute URL elsewhere (tests). */
  baseUrl?: string;
  sessions: SessionStore;
  fetch?: typeof fetch;
  now?: () => number;
  /** Refresh this long before the access token expires, so a request never leaves with a dying one. */
  refreshAheadMs?: number;
  /** Called when the session ended for good (the refresh token was refused): ask to sign in. */
  onSignedOut?: () => void;
  /**
   * Runs a refresh exclusively across every context that shares the session (tabs and the
   * service worker: Web Locks). Refresh tokens are single-use and a reused one revokes the whole
   * family, so two contexts must never spend the same one; inside the lock the client re-reads
   * the store and uses the pair another context fetched meanwhile. Without it: this context only.
   */
  refreshExclusively?: <T>(refresh: () => Promise<T>) => Promise<T>;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  auth?: boolean;
  headers?: Record<string, string>;
  /** Straight from the server: no HTTP cache, and the app's service worker lets it through to the network. */
  fresh?: boolean;
}

/** The order the client places: `CreateOrder` as sent (defaults may be left out). */
export type PlaceOrderBody = Omit<CreateOrder, 'payment_method' | 'items'> & {
  payment_method?: CreateOrder['payment_method'];
  items: { menu_item_id: string; quantity: number; special_instructions?: string; options?: CreateOrder['items'][number]['options'] }[];
};

/**
 * The typed client of the BFF for every app. Tokens: sent as Bearer, refreshed ahead of
 * expiry and once more after a 401, with one refresh in flight however many requests wait
 * on it (refresh tokens are single-use: two parallel refreshes would sign the person out).
 */
export function createBffClient(options: BffClientOptions) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const refreshAhead = options.refreshAheadMs ?? 30_000;
  const { sessions } = options;
  let refreshing: Promise<Session> | null = null;

  async function send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, init);
    } catch (err) {
      throw new NetworkError(`Could not reach the server (${path})`, err);
    }
  }

  async function parse<T>(response: Response): Promise<T> {
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) throw errorFromResponse(response.status, body, response.headers.get('retry-after'));
    return body as T;
  }

  function signOut(): void {
    sessions.set(null);
    options.onSignedOut?.();
  }

  /** Swaps the refresh token for a new pair; a refusal ends the session. */
  function refresh(): Promise<Session> {
    const exclusively = options.refreshExclusively ?? ((fn) => fn());
    const stale = sessions.get();
    refreshing ??= exclusively(async () => {
      await sessions.reload?.();
      const current = sessions.get();
      if (!current) throw new UnauthorizedError(401, 'NOT_SIGNED_IN', 'Please sign in');
      // Another tab or the service worker refreshed while this one waited for its turn.
      if (stale && current.refreshToken !== stale.refreshToken) return current;
      const response = await send('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      try {
        const next = sessionFromAuth(await parse<AuthResponse>(response), now());
        await sessions.set(next);
        return next;
      } catch (err) {
        // Only the server's "no" ends the session; a 5xx leaves it for the next try.
        if (response.status === 401 || response.status === 400) signOut();
        throw err;
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function accessToken(): Promise<string> {
    const session = sessions.get();
    if (!session) throw new UnauthorizedError(401, 'NOT_SIGNED_IN', 'Please sign in');
    if (session.expiresAt - refreshAhead > now()) return session.accessToken;
    return (await refresh()).accessToken;
  }

  async function request<T>(path: string, { method = 'GET', body, auth = false, headers = {}, fresh = false }: RequestOptions = {}): Promise<T> {
    // A FormData body (a picture upload) goes as multipart: the browser writes its content-type and boundary.
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
    const init = (token?: string): RequestInit => ({
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined || multipart ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: multipart ? (body as FormData) : JSON.stringify(body) }),
      ...(fresh ? { cache: 'no-store' as const } : {}),
    });
    if (!auth) return parse<T>(await send(path, init()));
    const token = await accessToken();
    const response = await send(path, init(token));
    if (response.status !== 401) return parse<T>(response);
    // The token was refused before its time (revoked key, clock skew): one refresh, one retry.
    // The session may already hold a newer token that another request fetched meanwhile.
    const current = sessions.get();
    const retryToken = current && current.accessToken !== token ? current.accessToken : (await refresh()).accessToken;
    return parse<T>(await send(path, init(retryToken)));
  }

  async function signIn(path: string, body: unknown): Promise<Session> {
    const session = sessionFromAuth(await request<AuthResponse>(path, { method: 'POST', body }), now());
    sessions.set(session);
    return session;
  }

  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    session: () => sessions.get(),
    login: (email: string, password: string) => signIn('/api/auth/login', { email, password }),
    register: (input: RegisterRequest) => signIn('/api/auth/register', input),
    /**
     * Ends this session (the local one goes even if the server cannot be told). `everywhere`
     * ends every session of the account, on every device: the local one goes only once the
     * server said so, since failing quietly would leave the other devices signed in.
     */
    async logout({ everywhere = false }: { everywhere?: boolean } = {}): Promise<void> {
      const current = sessions.get();
      if (everywhere) {
        await request('/api/auth/logout', { method: 'POST', auth: true, body: {} });
        sessions.set(null);
        return;
      }
      try {
        if (current) await request('/api/auth/logout', { method: 'POST', auth: true, body: { refreshToken: current.refreshToken } });
      } finally {
        sessions.set(null);
      }
    },
    profile: () => request<Profile>('/api/auth/profile', { auth: true }),
    categories: () => request<Category[]>('/api/menu/categories'),
    /** `fresh`: the menu as it is now or an error, never a cached copy (pricing an order that waited). */
    menuItems: (filter: { category?: string; diet?: string; q?: string } = {}, { fresh = false } = {}) =>
      request<MenuItem[]>(`/api/menu/items${query(filter)}`, { fresh }),
    /** The key makes a resend (a lost reply, a replay from the outbox) the same order, never a second one. */
    placeOrder: (body: PlaceOrderBody, idempotencyKey: string) =>
      request<Order>('/api/orders/', { method: 'POST', auth: true, body, headers: { 'idempotency-key': idempotencyKey } }),
    order: (id: number) => request<Order>(`/api/orders/${id}`, { auth: true }),
    myOrders: () => {
      const session = sessions.get();
      if (!session) return Promise.reject(new UnauthorizedError(401, 'NOT_SIGNED_IN', 'Please sign in'));
      return request<Order[]>(`/api/orders/user/${session.user.id}`, { auth: true });
    },
    activeOrders: () => request<ActiveOrder[]>('/api/me/orders/active', { auth: true }),
    cancelOrder: (id: number, reason?: string) =>
      request<Order>(`/api/orders/${id}`, { method: 'DELETE', auth: true, body: reason ? { reason } : {}, headers: { 'idempotency-key': `cancel-${id}` } }),
    orderPayment: (orderId: number) => request<Payment>(`/api/payments/order/${orderId}`, { auth: true }),
    queueEntry: (orderId: number) => request<QueueItem>(`/api/queue/order/${orderId}`, { auth: true }),
    /** The BFF's VAPID key, the `applicationServerKey` for `pushManager.subscribe`. */
    pushPublicKey: () => request<{ publicKey: string }>('/api/push/vapid-public-key').then((body) => body.publicKey),
    /** Keeps this browser's subscription for the signed-in account (409 PUSH_SUBSCRIPTION_TAKEN: another account's). */
    subscribePush: (subscription: PushSubscriptionInput) =>
      request<{ endpoint: string; subscribed: boolean }>('/api/push/subscriptions', { method: 'POST', auth: true, body: subscription }),
    /** Forgets it; forgetting one already gone is not an error. */
    unsubscribePush: (endpoint: string) => request<void>('/api/push/subscriptions', { method: 'DELETE', auth: true, body: { endpoint } }),
    /** A fresh access token (refreshed if due), for the WebSocket's auth message. */
    accessToken,

    // Staff (the kitchen display)
    kitchenTickets: () => request<KitchenTickets>('/api/kitchen/tickets', { auth: true }),
    ordersByStatus: (status: OrderStatus, limit = 200) => request<Order[]>(`/api/orders/${query({ status, limit: String(limit) })}`, { auth: true }),
    /** The key makes a resend (a bump replayed from the outbox) one move, never two. */
    setOrderStatus: (id: number, status: OrderStatus, idempotencyKey: string) =>
      request<Order>(`/api/orders/${id}/status`, { method: 'PUT', auth: true, body: { status }, headers: { 'idempotency-key': idempotencyKey } }),
    /** STAFF may change only `available` and `stock` of a dish. */
    setMenuItemAvailable: (id: string, available: boolean) => request<MenuItem>(`/api/menu/items/${id}`, { method: 'PUT', auth: true, body: { available } }),
    /** Cash taken at the counter: the payment succeeds, and the order is confirmed by its event. */
    settlePayment: (paymentId: string) => request<Payment>(`/api/payments/${paymentId}/status`, { method: 'PUT', auth: true, body: { status: 'success' } }),
    /** The pickup board's view: numbers and states only (no token is sent). */
    boardItems: () => request<BoardItem[]>('/api/queue/active'),
    /** Any other route, with the same token handling and typed errors (the admin panel's calls are built on it). */
    request,
  };
}

export type BffClient = ReturnType<typeof createBffClient>;
