import type { Session, SessionStore } from '@canteen/client';
import type { DesktopBridge } from '../../shared/bridge.ts';

const SESSION_KEY = 'canteen.kitchen.session';
const USER_KEY = 'canteen.kitchen.user';

export type KitchenSessionStore = SessionStore & { subscribe(fn: () => void): () => void };

/**
 * Where the kitchen keeps its sign-in. In a browser: localStorage, as the student app does.
 * In the desktop app: the refresh token goes to the main process (encrypted on disk with
 * safeStorage) and the access token stays in memory; only the person's name and role are
 * kept in localStorage, to show who is signed in before the first refresh.
 */
export async function createKitchenSessionStore(bridge: DesktopBridge | undefined): Promise<KitchenSessionStore> {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((fn) => fn());
  const readJson = <T>(key: string): T | null => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
    } catch {
      return null;
    }
  };

  let session: Session | null = null;
  if (!bridge) {
    session = readJson<Session>(SESSION_KEY);
  } else {
    const refreshToken = await bridge.loadRefreshToken().catch(() => null);
    const user = readJson<Session['user']>(USER_KEY);
    // expiresAt 0: the first request refreshes, which also proves the token is still good.
    if (refreshToken && user) session = { accessToken: '', refreshToken, expiresAt: 0, user };
  }

  return {
    get: () => session,
    set(next) {
      const previousRefresh = session?.refreshToken ?? null;
      session = next;
      if (!bridge) {
        if (next) localStorage.setItem(SESSION_KEY, JSON.stringify(next));
        else localStorage.removeItem(SESSION_KEY);
      } else {
        if (next) localStorage.setItem(USER_KEY, JSON.stringify(next.user));
        else localStorage.removeItem(USER_KEY);
        const refreshToken = next?.refreshToken ?? null;
        if (refreshToken !== previousRefresh) void bridge.saveRefreshToken(refreshToken);
      }
      notify();
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
